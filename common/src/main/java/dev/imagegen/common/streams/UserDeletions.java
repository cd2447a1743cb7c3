package dev.imagegen.common.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.UserEvent;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;

import java.util.UUID;
import java.util.function.Function;

/**
 * The reader every service that keeps a user's rows runs on {@code imagegen:users} (docs/events.md): each
 * {@code user_deleted} is handed to the service's eraser, other account changes are skipped.
 */
public final class UserDeletions {

    private UserDeletions() {
    }

    /**
     * A consumer in {@code group} that calls {@code erase} with each deleted user's id. The eraser must be
     * idempotent: delivery is at least once.
     */
    public static StreamConsumer<UserEvent> consumer(RedisDataSource redis, ObjectMapper json, StreamsConfig config,
            String group, Function<UUID, Uni<Void>> erase) {
        String stream = UserEvent.stream(config);
        return StreamConsumer.builder(redis, json, config)
                .read(stream, UserEvent.class)
                .group(group)
                .handler(event -> event.type() == UserEvent.Type.DELETED ? erase.apply(event.userId())
                        : Uni.createFrom().voidItem())
                // Kept for an operator to replay: an erasure must not be dropped silently.
                .deadLetter(stream + ":dead", (event, deliveries) -> {
                    Log.errorf("Group %s could not erase user %s after %d attempts", group, event.userId(),
                            deliveries);
                    return Uni.createFrom().voidItem();
                })
                .build();
    }
}
