package dev.imagegen.gateway.account;

import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.gateway.auth.RevokedUsers;
import dev.imagegen.gateway.auth.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

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
    private final EventPublisher publisher;

    AccountErasure(UserRepository users, RevokedUsers revoked, EventPublisher publisher) {
        this.users = users;
        this.revoked = revoked;
        this.publisher = publisher;
    }

    Uni<Void> erase(UUID userId) {
        return publisher.publish(UserEvent.deleted(userId))
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
}
