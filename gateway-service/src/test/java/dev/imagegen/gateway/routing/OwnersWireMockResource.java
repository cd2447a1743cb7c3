package dev.imagegen.gateway.routing;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.imagegen.common.testing.WireMockTestResource;

import java.util.Map;

/**
 * One WireMock server stands in for all three owning services, each under a path of its own
 * ({@code /generation}, {@code /gallery}, {@code /chat}), so a test sees which owner a call reached.
 */
public class OwnersWireMockResource extends WireMockTestResource {

    @Override
    protected Map<String, String> config(WireMockServer server) {
        return Map.of("imagegen.routing.generation-url", server.baseUrl() + "/generation",
                "imagegen.routing.gallery-url", server.baseUrl() + "/gallery/",
                "imagegen.routing.chat-url", server.baseUrl() + "/chat",
                // An owner silent for longer counts as unavailable; short, so that test waits little.
                "imagegen.routing.read-timeout", "1s");
    }
}
