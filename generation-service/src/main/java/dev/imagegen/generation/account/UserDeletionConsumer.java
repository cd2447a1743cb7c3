package dev.imagegen.generation.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.streams.UserDeletions;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Reads {@code imagegen:users} in consumer group {@code generation} and erases each deleted user's jobs and usage. */
@ApplicationScoped
public class UserDeletionConsumer {

    static final String GROUP = "generation";

    private final StreamConsumer<UserEvent> consumer;

    UserDeletionConsumer(RedisDataSource redis, ObjectMapper json, StreamsConfig config, AccountRepository account) {
        this.consumer = UserDeletions.consumer(redis, json, config, GROUP, userId -> account.erase(userId)
                .invoke(jobs -> Log.infof("Erased the jobs and usage of user %s (%d jobs)", userId, jobs))
                .replaceWithVoid());
    }

    void start(@Observes StartupEvent ignored) {
        consumer.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumer.stop();
    }
}
