package dev.imagegen.gateway.admin;

import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.gateway.auth.AccessToken;
import dev.imagegen.gateway.auth.AuthService;
import dev.imagegen.gateway.auth.RevokedUsers;
import dev.imagegen.gateway.auth.UserAccount;
import dev.imagegen.gateway.auth.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;

/**
 * Who is an admin: the first one by the one-time setup token, the others by an admin's grant. Every change refuses
 * the user's earlier tokens ({@link RevokedUsers#rolesChanged}), so a new role needs a new token and a revoked one
 * is gone at once. Audited in the log by user ids only.
 */
@ApplicationScoped
public class AdminRoles {

    private final UserRepository users;
    private final AdminSetupRepository setups;
    private final RevokedUsers revoked;
    private final AuthService auth;
    private final AdminConfig config;
    private final Vertx vertx;

    AdminRoles(UserRepository users, AdminSetupRepository setups, RevokedUsers revoked, AuthService auth,
            AdminConfig config, Vertx vertx) {
        this.users = users;
        this.setups = setups;
        this.revoked = revoked;
        this.auth = auth;
        this.config = config;
        this.vertx = vertx;
    }

    Uni<SetupStatus> setupStatus() {
        return Panache.withSession(() -> users.adminExists().chain(adminExists -> setups.current()
                .map(setup -> new SetupStatus(adminExists, !adminExists && setup != null && setup.pending()))));
    }

    /**
     * Makes {@code userId} the first admin when {@code token} is the pending setup token, spends the token and
     * answers a new access token holding the role. Two uses at once are serialized on the setup row: one wins.
     */
    Uni<AccessToken> claimSetup(UUID userId, String token) {
        return Panache.withTransaction(() -> setups.lockCurrent().chain(setup -> users.adminExists()
                .chain(adminExists -> {
                    if (adminExists) {
                        throw new ProblemException(409, "admin_exists",
                                "An admin exists already: ask an admin to give you the admin role");
                    }
                    if (setup == null || !setup.pending()) {
                        throw new ProblemException(409, "setup_token_used", "The admin setup token has been used"
                                + " already; an operator can set a new ADMIN_SETUP_TOKEN and restart the gateway");
                    }
                    if (!SetupTokens.matches(token, setup.tokenHash)) {
                        Log.warnf("User %s presented a wrong admin setup token", userId);
                        throw new ProblemException(403, "invalid_setup_token", "The admin setup token is wrong");
                    }
                    return users.findById(userId).map(user -> {
                        if (user == null) {
                            throw ProblemException.notFound("Your account");
                        }
                        user.setAdmin(true);
                        setup.usedAt = Instant.now();
                        setup.usedBy = userId;
                        return user;
                    });
                })))
                .call(user -> rolesChanged(user.id, false))
                .call(this::removeTokenFile)
                .invoke(user -> Log.infof("User %s became the first admin with the setup token", user.id))
                .chain(user -> auth.issue(user, Instant.now()));
    }

    /** Gives {@code target} the admin role; nothing changes for an admin. */
    Uni<UserAccount> grant(UUID actor, UUID target) {
        return Panache.withTransaction(() -> users.findById(target).map(AdminRoles::existing)
                .map(user -> new Change(user, user.setAdmin(true))))
                .call(change -> change.changed() ? rolesChanged(target, false) : Uni.createFrom().voidItem())
                .invoke(change -> {
                    if (change.changed()) {
                        Log.infof("Admin %s gave the admin role to user %s", actor, target);
                    }
                })
                .map(Change::user);
    }

    /** Takes the admin role from {@code target}, unless they are the last admin (409). */
    Uni<UserAccount> revoke(UUID actor, UUID target) {
        return Panache.withTransaction(() -> users.lockAdmins().chain(admins -> users.findById(target)
                .map(user -> takeAdmin(existing(user), admins.size()))))
                // Even when nothing changed: repeating a revocation whose first try could not reach Redis completes it.
                .call(change -> rolesChanged(target, true))
                .invoke(change -> {
                    if (change.changed()) {
                        Log.infof("Admin %s took the admin role from user %s", actor, target);
                    }
                })
                .map(Change::user);
    }

    /**
     * Refuses the user's earlier tokens. A revocation must reach every replica, so it answers 503 without Redis (a
     * repeat completes it); a new role can wait for the user's next login.
     */
    private Uni<Void> rolesChanged(UUID userId, boolean required) {
        return revoked.rolesChanged(userId).onFailure().recoverWithUni(failure -> {
            Log.warnf("User %s's earlier tokens could not be refused, Redis did not answer: %s", userId,
                    failure.toString());
            return required ? Uni.createFrom().failure(new ProblemException(503, "unavailable",
                    "The role was changed, but the user's earlier tokens could not be refused yet: try again shortly"))
                    : Uni.createFrom().voidItem();
        });
    }

    /** A generated token's file is no use once spent; a configured token has none. */
    private Uni<Void> removeTokenFile() {
        return vertx.executeBlocking(() -> Files.deleteIfExists(config.setupTokenFile()), false)
                .onFailure().invoke(failure -> Log.warnf("The spent admin setup token file %s could not be removed: %s",
                        config.setupTokenFile(), failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static Change takeAdmin(UserAccount user, int admins) {
        if (user.isAdmin() && admins <= 1) {
            throw new ProblemException(409, "last_admin", "This is the last admin: give another user the admin role first");
        }
        return new Change(user, user.setAdmin(false));
    }

    private static UserAccount existing(UserAccount user) {
        if (user == null) {
            throw ProblemException.notFound("User");
        }
        return user;
    }

    private record Change(UserAccount user, boolean changed) {
    }
}
