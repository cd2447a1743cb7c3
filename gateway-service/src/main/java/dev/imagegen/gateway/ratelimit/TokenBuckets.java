package dev.imagegen.gateway.ratelimit;

import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Token buckets in Redis, shared by every gateway replica. One script reads, refills and takes from a
 * bucket, so concurrent calls on several replicas never both spend the same token.
 */
@ApplicationScoped
class TokenBuckets {

    /*
     * KEYS[1] the bucket; ARGV[1] its capacity; ARGV[2] tokens added per minute.
     * Answers {1 if a token was taken, whole tokens left, ms until full (taken) or until one token (refused)}.
     * Time comes from Redis TIME, not from the gateways: replicas whose clocks drift apart still refill a shared
     * bucket by one clock. A full bucket is the same as none, so the key expires once it would be full again.
     */
    static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local ms_per_token = 60000 / tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = capacity
            if state[1] then
              tokens = math.min(capacity, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) / ms_per_token)
            end
            local taken = 0
            if tokens >= 1 then
              tokens = tokens - 1
              taken = 1
            end
            local until_full = math.ceil((capacity - tokens) * ms_per_token)
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], until_full + 1000)
            local reset = until_full
            if taken == 0 then
              reset = math.ceil((1 - tokens) * ms_per_token)
            end
            return {taken, math.floor(tokens), reset}
            """;
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final String prefix;
    private final Duration timeout;

    TokenBuckets(ReactiveRedisDataSource redis, StreamsConfig streams, RateLimitConfig config) {
        this.redis = redis;
        this.prefix = streams.prefix() + ":ratelimit:";
        this.timeout = config.redisTimeout();
    }

    /** Takes one token from the caller's bucket of the group, if there is one. */
    Uni<Decision> take(RouteGroup group, String caller, RateLimitConfig.Bucket bucket) {
        String key = prefix + group.key() + ":" + caller;
        String capacity = String.valueOf(bucket.capacity());
        String refill = String.valueOf(bucket.refillPerMinute());
        return redis.execute(Command.EVALSHA, SCRIPT_SHA, "1", key, capacity, refill)
                // A Redis that restarted or flushed its script cache has to be sent the script again.
                .onFailure(TokenBuckets::isNoScript)
                .recoverWithUni(() -> redis.execute(Command.EVAL, SCRIPT, "1", key, capacity, refill))
                .ifNoItem().after(timeout).fail()
                .map(answer -> Decision.of(bucket.capacity(), answer));
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-1", e);
        }
    }

    /**
     * What the bucket said.
     *
     * @param resetSeconds seconds until the bucket is full again, or for a refusal until one token is back
     */
    record Decision(boolean allowed, int limit, long remaining, long resetSeconds) {

        static Decision of(int capacity, Response answer) {
            long resetMs = answer.get(2).toLong();
            return new Decision(answer.get(0).toInteger() == 1, capacity, answer.get(1).toLong(),
                    (resetMs + 999) / 1000);
        }
    }
}
