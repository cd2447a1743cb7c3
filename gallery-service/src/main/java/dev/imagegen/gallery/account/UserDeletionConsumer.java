package dev.imagegen.gallery.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Reads {@code imagegen:users} in consumer group {@code gallery} and erases the gallery of each deleted user. */
@ApplicationScoped
public class UserDeletionConsumer {

    static final String GROUP = "gallery";

    private final StreamConsumer<UserEvent> consumer;

    UserDeletionConsumer(RedisDataSource redis, ObjectMapper json, StreamsConfig config, AccountService account) {
        this.consumer = StreamConsumer.builder(redis, json, config)
                .read(UserEvent.stream(config), UserEvent.class)
                .group(GROUP)
                .handler(event -> event.type() == UserEvent.Type.DELETED ? account.erase(event.userId())
                        : Uni.createFrom().voidItem())
                // Kept for an operator to replay: an erasure must not be dropped silently.
                .deadLetter(UserEvent.stream(config) + ":dead", (event, deliveries) -> {
                    Log.errorf("Could not erase the gallery of user %s after %d attempts", event.userId(), deliveries);
                    return Uni.createFrom().voidItem();
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
