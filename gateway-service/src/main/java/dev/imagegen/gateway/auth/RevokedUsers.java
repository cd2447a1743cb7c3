package dev.imagegen.gateway.auth;

import dev.imagegen.common.streams.StreamKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens the gateway no longer honours, kept in Redis so every replica refuses them: every token of a user who
 * deleted their account, and a user's tokens whose roles predate a change of their roles (an admin revoked keeps
 * no admin token). A key lives as long as a token issued just before the event could, then removes itself.
 */
@ApplicationScoped
public class RevokedUsers {

    /** What the gateway makes of a verified token. */
    public enum Verdict {
        VALID, ACCOUNT_DELETED, ROLES_CHANGED
    }

    /** Covers the verifier's clock skew allowance and clocks that drift between replicas. */
    private static final Duration MARGIN = Duration.ofMinutes(2);
    private static final long WARN_EVERY_MS = Duration.ofMinutes(1).toMillis();

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final StreamKeys redisKeys;
    private final long ttlSeconds;
    private final Duration timeout;
    private final AtomicLong lastWarning = new AtomicLong(-WARN_EVERY_MS);

    RevokedUsers(ReactiveRedisDataSource redis, StreamKeys redisKeys, AuthConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.redisKeys = redisKeys;
        this.ttlSeconds = config.tokenLifetime().plus(MARGIN).toSeconds();
        this.timeout = config.revocationCheckTimeout();
    }

    /** From now on, every token of the user is refused. Fails when Redis does: the deletion answers 503 then. */
    public Uni<Void> revoke(UUID userId) {
        return values.setex(redisKeys.revoked(userId), ttlSeconds, "1");
    }

    /**
     * The user's roles changed (committed before this call): their tokens whose roles were read before now are
     * refused, so a revoked admin keeps no admin token and a new admin logs in again to get one.
     */
    public Uni<Void> rolesChanged(UUID userId) {
        return values.setex(redisKeys.rolesChanged(userId), ttlSeconds, Long.toString(System.currentTimeMillis()));
    }

    /**
     * Whether the user deleted their account. Without an answer from Redis the token is accepted: the gateway
     * stays available, and the deleted user's data is erased by the services all the same.
     */
    public Uni<Boolean> isRevoked(UUID userId) {
        return failOpen(keys.exists(redisKeys.revoked(userId)), false);
    }

    /** Whether the token's roles (read at {@code rolesAt}, epoch ms) predate a change of the user's roles. */
    public Uni<Boolean> rolesChangedSince(UUID userId, long rolesAt) {
        return failOpen(values.get(redisKeys.rolesChanged(userId)).map(changedAt -> stale(changedAt, rolesAt)), false);
    }

    /** Both checks in one round trip. Fails open like {@link #isRevoked}. */
    public Uni<Verdict> verdict(UUID userId, long rolesAt) {
        String deleted = redisKeys.revoked(userId);
        String roles = redisKeys.rolesChanged(userId);
        return failOpen(values.mget(deleted, roles).map(found -> verdict(found, deleted, roles, rolesAt)),
                Verdict.VALID);
    }

    /** When the token's roles were read, in epoch ms; tokens without the claim count from their whole-second iat. */
    public static long rolesAt(JsonWebToken jwt) {
        Object claim = jwt.getClaim(AuthService.ROLES_AT_CLAIM);
        if (claim instanceof JsonNumber number) {
            return number.longValue();
        }
        if (claim instanceof Number number) {
            return number.longValue();
        }
        return jwt.getIssuedAtTime() * 1000;
    }

    private static Verdict verdict(Map<String, String> found, String deleted, String roles, long rolesAt) {
        if (found.get(deleted) != null) {
            return Verdict.ACCOUNT_DELETED;
        }
        return stale(found.get(roles), rolesAt) ? Verdict.ROLES_CHANGED : Verdict.VALID;
    }

    private static boolean stale(String changedAt, long rolesAt) {
        return changedAt != null && rolesAt < Long.parseLong(changedAt);
    }

    private <T> Uni<T> failOpen(Uni<T> check, T accepted) {
        return check.ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(failure -> {
                    unavailable(failure);
                    return accepted;
                });
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
