package dev.imagegen.generation.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.generation.job.JobService;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Follows every job through {@code imagegen:events} and keeps its row up to date. */
@ApplicationScoped
public class JobEventsConsumer {

    static final String GROUP = "generation";

    private final StreamConsumer<JobEvent> consumer;

    JobEventsConsumer(@RedisClientName(StreamConsumer.REDIS_CLIENT) RedisDataSource redis,
            ObjectMapper json, StreamsConfig config, StreamKeys keys, JobService jobs) {
        String deadLetters = keys.events() + ":dead";
        this.consumer = StreamConsumer.builder(redis, json, config)
                .read(keys.events(), JobEvent.class)
                .group(GROUP)
                .configuredAs("events")
                .handler(event -> jobs.apply(event).replaceWithVoid())
                .deadLetter(deadLetters, new StreamConsumer.DeadLetterHandler<>() {
                    @Override
                    public Uni<Void> deadLettered(JobEvent event, int deliveries) {
                        return deadLettered(event, deliveries, null);
                    }

                    // An event never applied leaves its job (and maybe its charge) behind: say which, for an operator.
                    @Override
                    public Uni<Void> deadLettered(JobEvent event, int deliveries, String reason) {
                        Log.errorf("Gave up on the %s event (seq %d) of job %s after %d deliveries (%s); copied to"
                                + " %s, the job's row did not take it", event.type(), event.seq(),
                                event.jobId(), deliveries, reason, deadLetters);
                        return Uni.createFrom().voidItem();
                    }
                })
                .build();
    }

    void start(@Observes StartupEvent ignored) {
        consumer.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumer.stop();
    }
}
