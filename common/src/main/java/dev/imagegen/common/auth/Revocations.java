package dev.imagegen.common.auth;

import dev.imagegen.common.streams.StreamKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the token revocations the gateway writes to Redis, for every service: every token of a user who deleted
 * their account ({@link StreamKeys#revoked}) and a token whose roles predate a change of the user's roles
 * ({@link StreamKeys#rolesChanged}). Both in one round trip. Without an answer from Redis in time the token is
 * accepted (fail open): the services stay available, and a deleted user's data is erased all the same.
 */
@ApplicationScoped
public class Revocations {

    @ConfigMapping(prefix = "imagegen.auth.revocation")
    public interface RevocationConfig {
        /** Off in the gateway, which checks the same keys itself with its own answers. */
        @WithDefault("true")
        boolean filter();

        /** Longest the Redis lookup may take before the request goes on unchecked. */
        @WithDefault("500ms")
        Duration timeout();
    }

    /** What a verified token is worth. */
    public enum Verdict {
        VALID, ACCOUNT_DELETED, ROLES_CHANGED
    }

    /** When the token's roles were read, in epoch ms: a token's {@code iat} counts whole seconds only. */
    public static final String ROLES_AT_CLAIM = "roles_at";
    private static final long WARN_EVERY_MS = Duration.ofMinutes(1).toMillis();

    private final ReactiveValueCommands<String, String> values;
    private final StreamKeys keys;
    private final RevocationConfig config;
    private final AtomicLong lastWarning = new AtomicLong(-WARN_EVERY_MS);

    Revocations(ReactiveRedisDataSource redis, StreamKeys keys, RevocationConfig config) {
        this.values = redis.value(String.class);
        this.keys = keys;
        this.config = config;
    }

    /** Whether the filter runs in this service (the gateway answers revoked tokens itself). */
    boolean filterEnabled() {
        return config.filter();
    }

    /** The verdict on a token of {@code user} whose roles were read at {@code rolesAt} (epoch ms). */
    public Uni<Verdict> verdict(String user, long rolesAt) {
        String deleted = keys.revoked(user);
        String roles = keys.rolesChanged(user);
        return values.mget(deleted, roles)
                .map(found -> verdict(found, deleted, roles, rolesAt))
                .ifNoItem().after(config.timeout()).fail()
                .onFailure().recoverWithItem(failure -> {
                    unavailable(failure);
                    return Verdict.VALID;
                });
    }

    /** {@code roles_at} when the token has it, else its whole-second {@code iat}, in epoch ms. */
    public static long rolesAt(Number rolesAtClaim, long issuedAtSeconds) {
        return rolesAtClaim != null ? rolesAtClaim.longValue() : issuedAtSeconds * 1000;
    }

    private static Verdict verdict(Map<String, String> found, String deleted, String roles, long rolesAt) {
        if (found.get(deleted) != null) {
            return Verdict.ACCOUNT_DELETED;
        }
        String changedAt = found.get(roles);
        return changedAt != null && rolesAt < Long.parseLong(changedAt) ? Verdict.ROLES_CHANGED : Verdict.VALID;
    }

    private void unavailable(Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
            Log.warnf("Tokens of deleted accounts and of changed roles are not refused: Redis did not answer (%s)",
                    failure.toString());
        }
    }
}
