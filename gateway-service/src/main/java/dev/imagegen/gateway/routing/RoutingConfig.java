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

    /** Open connections kept to each owning service; further calls wait for a free one. */
    @WithDefault("50")
    int maxConnectionsPerService();
}
