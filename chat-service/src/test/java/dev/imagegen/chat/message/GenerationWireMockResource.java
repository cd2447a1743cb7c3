package dev.imagegen.chat.message;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.imagegen.common.testing.WireMockTestResource;

import java.util.Map;

/**
 * Stands in for generation-service's {@code POST /images/generate} with its real answers (202, and its
 * problem+json refusals); the whole path against the real service is the system tests' job.
 */
public class GenerationWireMockResource extends WireMockTestResource {

    @Override
    protected Map<String, String> config(WireMockServer server) {
        return Map.of("quarkus.rest-client.generation.url", server.baseUrl());
    }
}
