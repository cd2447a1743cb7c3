package dev.imagegen.common.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.UserEvent;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Reads {@code imagegen:users} (docs/events.md) in a service that has a {@link UserEraser}, and hands it each
 * {@code user_deleted}; other account changes are skipped. A service without an eraser reads nothing.
 */
@ApplicationScoped
public class UserDeletionConsumer {

    private final Instance<UserEraser> erasers;
    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final StreamsConfig config;
    private StreamConsumer<UserEvent> consumer;

    UserDeletionConsumer(Instance<UserEraser> erasers,
            @RedisClientName(StreamConsumer.REDIS_CLIENT) RedisDataSource redis, ObjectMapper json,
            StreamsConfig config) {
        this.erasers = erasers;
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        if (!erasers.isResolvable()) {
            return;
        }
        UserEraser eraser = erasers.get();
        String stream = UserEvent.stream(config);
        consumer = StreamConsumer.builder(redis, json, config)
                .read(stream, UserEvent.class)
                .group(eraser.group())
                // Every service's group reads it, so what all have acknowledged can go after a while.
                .trimAcknowledged()
                .handler(event -> event.type() == UserEvent.Type.DELETED ? eraser.erase(event.userId())
                        : Uni.createFrom().voidItem())
                // Kept for an operator to replay: an erasure must not be dropped silently.
                .deadLetter(stream + ":dead", (event, deliveries) -> {
                    Log.errorf("Group %s could not erase user %s after %d attempts", eraser.group(),
                            event.userId(), deliveries);
                    return Uni.createFrom().voidItem();
                })
                .build();
        consumer.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.stop();
        }
    }
}
