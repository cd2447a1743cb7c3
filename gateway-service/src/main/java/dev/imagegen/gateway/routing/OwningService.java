package dev.imagegen.gateway.routing;

import java.util.function.Function;

/** The services behind the gateway, each answering the part of the public API it owns. */
enum OwningService {

    GENERATION("generation service", RoutingConfig::generationUrl),
    GALLERY("gallery service", RoutingConfig::galleryUrl),
    CHAT("chat service", RoutingConfig::chatUrl);

    /** How a client is told which service is down, e.g. "The gallery service is unavailable". */
    final String displayName;
    private final Function<RoutingConfig, String> url;

    OwningService(String displayName, Function<RoutingConfig, String> url) {
        this.displayName = displayName;
        this.url = url;
    }

    /** The configured base URL, without a trailing slash, so a public path can be appended as it is. */
    String baseUrl(RoutingConfig config) {
        return url.apply(config).replaceAll("/+$", "");
    }
}
