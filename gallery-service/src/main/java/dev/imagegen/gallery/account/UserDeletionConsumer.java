package dev.imagegen.gallery.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.streams.UserDeletions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Reads {@code imagegen:users} in consumer group {@code gallery} and erases the gallery of each deleted user. */
@ApplicationScoped
public class UserDeletionConsumer {

    static final String GROUP = "gallery";

    private final StreamConsumer<UserEvent> consumer;

    UserDeletionConsumer(RedisDataSource redis, ObjectMapper json, StreamsConfig config, AccountService account) {
        this.consumer = UserDeletions.consumer(redis, json, config, GROUP, account::erase);
    }

    void start(@Observes StartupEvent ignored) {
        consumer.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumer.stop();
    }
}
