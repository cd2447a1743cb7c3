package dev.imagegen.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

@ConfigMapping(prefix = "imagegen.ratelimit")
public interface RateLimitConfig {

    /** Whether API calls take tokens from the buckets at all; the WebSocket cap applies either way. */
    @WithDefault("true")
    boolean enabled();

    /** How long the gateway waits for Redis before letting a call through unlimited. */
    @WithDefault("500ms")
    Duration redisTimeout();

    Groups groups();

    WebSocketCap websocket();

    /** One bucket size per route group; the defaults are in application.properties. */
    interface Groups {

        /** Sign-up and login, per client IP: slows password guessing. */
        Bucket auth();

        /** Calls that may start an image job, per user. */
        Bucket generate();

        /** Public share links, per client IP. */
        Bucket share();

        /** Every other API call, per user (per client IP without a valid token). */
        Bucket api();
    }

    interface Bucket {

        /** Tokens a full bucket holds: the burst a caller may make at once. */
        @Positive
        int capacity();

        /** Tokens added back per minute, continuously. */
        @Positive
        int refillPerMinute();
    }

    interface WebSocketCap {

        /** Progress WebSockets one user may hold open on one gateway replica. */
        @WithDefault("8")
        @Positive
        int maxConnectionsPerUser();
    }
}
