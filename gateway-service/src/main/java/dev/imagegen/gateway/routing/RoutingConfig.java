package dev.imagegen.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "imagegen.routing")
public interface RoutingConfig {

    /** generation-service's base URL (env GENERATION_SERVICE_URL). */
    String generationUrl();

    /** gallery-service's base URL (env GALLERY_SERVICE_URL). */
    String galleryUrl();

    /** chat-service's base URL (env CHAT_SERVICE_URL). */
    String chatUrl();

    /** How long the gateway waits for an owning service to accept a connection before answering 503. */
    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * How long an owning service may stay silent, before its answer or within it, before the call fails: a large
     * export keeps flowing and is never cut for its length.
     */
    @WithDefault("30s")
    Duration readTimeout();

    /** Open connections to each owning service for ordinary calls; further calls wait for a free one. */
    @WithDefault("50")
    int maxConnectionsPerService();

    /** Calls that may wait for one of those connections; one more is refused at once with 503. */
    @WithDefault("1000")
    int maxWaitingPerService();

    /**
     * Longest wait for a connection, connecting included (keep it above {@link #connectTimeout()}), before a call
     * is refused with 503; its Retry-After says as much.
     */
    @WithDefault("5s")
    Duration acquireTimeout();

    /** The connections of bulk downloads (GET /me/export), apart so slow readers cannot starve other calls. */
    Bulk bulk();

    interface Bulk {

        /** Bulk downloads streaming from each owning service at once. */
        @WithDefault("8")
        int maxConnectionsPerService();

        /** Bulk downloads that may wait for one of those connections; one more is refused at once with 503. */
        @WithDefault("8")
        int maxWaitingPerService();
    }
}
