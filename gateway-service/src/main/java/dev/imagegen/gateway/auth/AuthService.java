package dev.imagegen.gateway.auth;

import dev.imagegen.common.auth.Revocations;
import dev.imagegen.common.problem.ProblemException;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/** Registers users and exchanges their credentials for signed access tokens. */
@ApplicationScoped
public class AuthService {

    /** Compared against when the email is unknown, so a login takes as long whether or not the user exists. */
    private static final String DECOY_HASH = BcryptUtil.bcryptHash("decoy-password-for-timing");

    private final UserRepository users;
    private final Vertx vertx;
    private final AuthConfig config;
    private final String issuer;

    public AuthService(UserRepository users, Vertx vertx, AuthConfig config,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.users = users;
        this.vertx = vertx;
        this.config = config;
        this.issuer = issuer;
    }

    /** Every account starts as a plain user: admins are made by the setup token or by another admin. */
    public Uni<RegisteredUser> register(RegisterRequest credentials) {
        String email = credentials.email();
        return offEventLoop(() -> BcryptUtil.bcryptHash(credentials.password()))
                .chain(hash -> Panache.withTransaction(() -> users.findByEmail(email).chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(emailTaken());
                    }
                    UserAccount user = new UserAccount();
                    user.id = UUID.randomUUID();
                    user.email = email;
                    user.passwordHash = hash;
                    user.roles = UserAccount.ROLE_USER;
                    user.createdAt = Instant.now();
                    return users.persistAndFlush(user);
                })))
                // Two registrations racing past the lookup meet the unique index instead.
                .onFailure(ConstraintViolationException.class).transform(e -> emailTaken())
                .invoke(user -> Log.infof("Registered user %s", user.id))
                .map(user -> new RegisteredUser(user.id, user.email));
    }

    public Uni<AccessToken> login(LoginRequest credentials) {
        String email = credentials.email();
        // Taken before the roles are read: a role change committed after this instant refuses the token.
        Instant rolesAt = Instant.now();
        return Panache.withSession(() -> users.findByEmail(email))
                .chain(user -> offEventLoop(() -> {
                    String hash = user == null ? DECOY_HASH : user.passwordHash;
                    if (!BcryptUtil.matches(credentials.password(), hash) || user == null) {
                        throw new ProblemException(401, "invalid_credentials", "The email or password is wrong");
                    }
                    return sign(user, rolesAt);
                }));
    }

    /** A token for {@code user} with the roles it held at {@code rolesAt} (read at or after that instant). */
    public Uni<AccessToken> issue(UserAccount user, Instant rolesAt) {
        return offEventLoop(() -> sign(user, rolesAt));
    }

    private AccessToken sign(UserAccount user, Instant rolesAt) {
        long lifetime = config.tokenLifetime().toSeconds();
        String token = Jwt.issuer(issuer)
                .subject(user.id.toString())
                .upn(user.email)
                .groups(user.roleSet())
                .claim(Revocations.ROLES_AT_CLAIM, rolesAt.toEpochMilli())
                .expiresIn(lifetime)
                .sign();
        return AccessToken.bearer(token, lifetime);
    }

    /** Bcrypt and RSA signing take milliseconds of CPU: keep them off the event loop. */
    private <T> Uni<T> offEventLoop(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    private static ProblemException emailTaken() {
        return new ProblemException(409, "email_taken", "An account with this email already exists");
    }
}
