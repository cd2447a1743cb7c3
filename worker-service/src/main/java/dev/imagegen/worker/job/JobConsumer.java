package dev.imagegen.worker.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.worker.provider.ImageProvider;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Reads the jobs stream in consumer group {@value #GROUP} from start to shutdown. */
@ApplicationScoped
public class JobConsumer {

    public static final String GROUP = "workers";

    private final StreamConsumer<JobMessage> consumer;
    private final ImageProvider provider;

    public JobConsumer(RedisDataSource redis, ObjectMapper json, StreamsConfig streams, StreamKeys keys,
            JobHandler handler, ImageProvider provider) {
        this.consumer = StreamConsumer.builder(redis, json, streams)
                .read(keys.jobs(), JobMessage.class)
                .group(GROUP)
                .handler(handler::handle)
                .deadLetter(keys.deadJobs(), handler::deadLettered)
                .build();
        this.provider = provider;
    }

    void onStart(@Observes StartupEvent event) {
        Log.infof("Rendering jobs with the %s provider (default model %s)", provider.name(),
                provider.defaultModel());
        consumer.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        consumer.stop();
    }
}
