package dev.imagegen.gateway.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.gateway.auth.RevokedUsers;
import dev.imagegen.gateway.auth.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.UUID;

/**
 * Deletes an account: announces {@code user_deleted} on {@code imagegen:users} first, so no service keeps data
 * of a user whose login is gone, then removes the login, then refuses the user's unexpired tokens before
 * answering. Revoking last keeps a repeat after any failure possible: until then the caller's token still works.
 */
@ApplicationScoped
public class AccountErasure {

    private final UserRepository users;
    private final RevokedUsers revoked;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final ObjectMapper json;
    private final String stream;

    AccountErasure(UserRepository users, RevokedUsers revoked, ReactiveRedisDataSource redis, ObjectMapper json,
            StreamsConfig config) {
        this.users = users;
        this.revoked = revoked;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.json = json;
        this.stream = UserEvent.stream(config);
    }

    Uni<Void> erase(UUID userId) {
        return streams.xadd(stream, Map.of(EventPublisher.PAYLOAD, write(UserEvent.deleted(userId))))
                .onFailure().transform(AccountErasure::redisUnavailable)
                .chain(() -> removeLogin(userId))
                .chain(() -> revoked.revoke(userId).onFailure().transform(AccountErasure::redisUnavailable))
                .invoke(() -> Log.infof("User %s deleted their account", userId));
    }

    /** Without Redis the deletion can be neither announced nor made final; the user may simply try again. */
    private static ProblemException redisUnavailable(Throwable failure) {
        Log.warnf("An account deletion could not finish, Redis did not answer: %s", failure.toString());
        return new ProblemException(503, "unavailable",
                "The account could not be deleted right now; try again shortly");
    }

    private Uni<Void> removeLogin(UUID userId) {
        return Panache.withTransaction(() -> users.deleteById(userId)).replaceWithVoid();
    }

    private String write(UserEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event, e);
        }
    }
}
