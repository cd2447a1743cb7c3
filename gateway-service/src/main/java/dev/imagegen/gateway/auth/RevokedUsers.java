package dev.imagegen.gateway.auth;

import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Users who deleted their account, kept in Redis so every gateway replica refuses their still unexpired tokens.
 * A key lives as long as a token issued just before the deletion could, then removes itself.
 */
@ApplicationScoped
public class RevokedUsers {

    /** Covers the verifier's clock skew allowance and clocks that drift between replicas. */
    private static final Duration MARGIN = Duration.ofMinutes(2);
    private static final long WARN_EVERY_MS = Duration.ofMinutes(1).toMillis();

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final String prefix;
    private final long ttlSeconds;
    private final Duration timeout;
    private final AtomicLong lastWarning = new AtomicLong(-WARN_EVERY_MS);

    RevokedUsers(ReactiveRedisDataSource redis, StreamsConfig streams, AuthConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.prefix = streams.prefix() + ":revoked:";
        this.ttlSeconds = config.tokenLifetime().plus(MARGIN).toSeconds();
        this.timeout = config.revocationCheckTimeout();
    }

    /** From now on, every token of the user is refused. Fails when Redis does: the deletion answers 503 then. */
    public Uni<Void> revoke(UUID userId) {
        return values.setex(prefix + userId, ttlSeconds, "1");
    }

    /**
     * Whether the user deleted their account. Without an answer from Redis the token is accepted: the gateway
     * stays available, and the deleted user's data is erased by the services all the same.
     */
    public Uni<Boolean> isRevoked(UUID userId) {
        return keys.exists(prefix + userId)
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(failure -> {
                    unavailable(failure);
                    return false;
                });
    }

    private void unavailable(Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
            Log.warnf("Tokens of deleted accounts are not refused: Redis did not answer (%s)", failure.toString());
        }
    }
}
