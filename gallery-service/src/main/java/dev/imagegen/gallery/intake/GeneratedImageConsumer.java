package dev.imagegen.gallery.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Reads the events stream in consumer group {@code gallery} and hands each event to {@link ImageIntake}. */
@ApplicationScoped
public class GeneratedImageConsumer {

    static final String GROUP = "gallery";

    private final StreamConsumer<JobEvent> consumer;

    GeneratedImageConsumer(@RedisClientName(StreamConsumer.REDIS_CLIENT) RedisDataSource redis,
            ObjectMapper json, StreamsConfig config, StreamKeys keys, ImageIntake intake) {
        this.consumer = StreamConsumer.builder(redis, json, config)
                .read(keys.events(), JobEvent.class)
                .group(GROUP)
                .configuredAs("intake")
                .handler(intake::handle)
                .deadLetter(keys.deadJobs(), intake::givenUp)
                .build();
    }

    void start(@Observes StartupEvent ignored) {
        consumer.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumer.stop();
    }
}
