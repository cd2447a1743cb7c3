package dev.imagegen.chat.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.chat.message.MessageService;
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

/** Follows the jobs started from threads through {@code imagegen:events} and posts their results back. */
@ApplicationScoped
public class JobEventsConsumer {

    static final String GROUP = "chat";

    private final StreamConsumer<JobEvent> consumer;

    JobEventsConsumer(@RedisClientName(StreamConsumer.REDIS_CLIENT) RedisDataSource redis,
            ObjectMapper json, StreamsConfig config, StreamKeys keys, MessageService messages) {
        this.consumer = StreamConsumer.builder(redis, json, config)
                .read(keys.events(), JobEvent.class)
                .group(GROUP)
                .configuredAs("events")
                .handler(messages::apply)
                .build();
    }

    void start(@Observes StartupEvent ignored) {
        consumer.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumer.stop();
    }
}
