package dev.imagegen.gateway.auth;

import dev.imagegen.common.auth.Revocations;
import dev.imagegen.common.streams.StreamKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.UUID;

/**
 * Revokes tokens in Redis, so every replica and every service refuses them ({@link Revocations} reads the keys):
 * every token of a user who deleted their account, and a user's tokens whose roles predate a change of their roles
 * (an admin revoked keeps no admin token). A key lives as long as a token issued just before the event could, then
 * removes itself.
 */
@ApplicationScoped
public class RevokedUsers {

    /** Covers the verifier's clock skew allowance and clocks that drift between replicas. */
    private static final Duration MARGIN = Duration.ofMinutes(2);

    private final ReactiveValueCommands<String, String> values;
    private final StreamKeys redisKeys;
    private final long ttlSeconds;

    RevokedUsers(ReactiveRedisDataSource redis, StreamKeys redisKeys, AuthConfig config) {
        this.values = redis.value(String.class);
        this.redisKeys = redisKeys;
        this.ttlSeconds = config.tokenLifetime().plus(MARGIN).toSeconds();
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

    /** When the token's roles were read, in epoch ms. */
    public static long rolesAt(JsonWebToken jwt) {
        Object claim = jwt.getClaim(Revocations.ROLES_AT_CLAIM);
        Number rolesAt = claim instanceof JsonNumber number ? number.numberValue()
                : claim instanceof Number number ? number : null;
        return Revocations.rolesAt(rolesAt, jwt.getIssuedAtTime());
    }
}
