package dev.imagegen.worker.ratelimit;

import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.worker.WorkerConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One token bucket in Redis for every worker, so together they never ask the provider for more than
 * {@code images-per-minute} (a call for n images takes n tokens). A 429 pauses the bucket for everyone until the provider's Retry-After.
 */
@ApplicationScoped
public class ProviderRateLimiter {

    /** Takes a token if one is there; answers 0, or the milliseconds until one will be (or the pause ends). */
    private static final String TAKE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local rate = tonumber(ARGV[1])
            local capacity = tonumber(ARGV[2])
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'paused_until')
            local tokens = tonumber(b[1]) or capacity
            local ts = tonumber(b[2]) or now
            local paused = tonumber(b[3]) or 0
            if paused > now then
              return paused - now
            end
            tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              wait = math.ceil((1 - tokens) / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
            redis.call('PEXPIRE', KEYS[1], 3600000)
            return wait
            """;

    /** Empties the bucket and holds it shut until now + ARGV[1] ms (never shortening a longer pause). */
    private static final String PAUSE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local untilMs = now + tonumber(ARGV[1])
            local paused = tonumber(redis.call('HGET', KEYS[1], 'paused_until')) or 0
            if untilMs > paused then
              redis.call('HSET', KEYS[1], 'paused_until', untilMs, 'tokens', '0', 'ts', untilMs)
              redis.call('PEXPIRE', KEYS[1], 3600000)
            end
            return 0
            """;

    private final ReactiveRedisDataSource redis;
    private final String key;
    private final double tokensPerMs;
    private final int burst;

    @Inject
    public ProviderRateLimiter(ReactiveRedisDataSource redis, StreamsConfig streams, WorkerConfig config) {
        this(redis, streams.prefix() + ":ratelimit:provider", config.rateLimit().imagesPerMinute(),
                config.rateLimit().burst());
    }

    /** A bucket of its own key; workers share one only by sharing the key. */
    public ProviderRateLimiter(ReactiveRedisDataSource redis, String key, int imagesPerMinute, int burst) {
        this.redis = redis;
        this.key = key;
        this.tokensPerMs = imagesPerMinute / 60_000.0;
        this.burst = Math.max(1, burst);
    }

    /** Completes when this worker may make one provider call. */
    public Uni<Void> acquire() {
        return redis.execute("EVAL", TAKE, "1", key, Double.toString(tokensPerMs), Integer.toString(burst))
                .chain(reply -> {
                    long wait = reply.toLong();
                    if (wait <= 0) {
                        return Uni.createFrom().voidItem();
                    }
                    // A little jitter so the workers waiting for the same token do not all ask at once.
                    long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, wait / 4) + 1);
                    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(wait + jitter))
                            .chain(this::acquire);
                });
    }

    /** Completes when this worker may make one call for {@code images} images: a token for each. */
    public Uni<Void> acquireFor(int images) {
        Uni<Void> taken = acquire();
        for (int i = 1; i < images; i++) {
            taken = taken.chain(this::acquire);
        }
        return taken;
    }

    /** The provider said 429: nobody calls it again before {@code duration} has passed. */
    public Uni<Void> pause(Duration duration) {
        return redis.execute("EVAL", PAUSE, "1", key, Long.toString(Math.max(1, duration.toMillis())))
                .replaceWithVoid();
    }
}
