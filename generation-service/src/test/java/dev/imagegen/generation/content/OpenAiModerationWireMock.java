package dev.imagegen.generation.content;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** Stands in for OpenAI's API and turns moderation on against it. */
public class OpenAiModerationWireMock implements QuarkusTestResourceLifecycleManager {

    static final String API_KEY = "sk-test-moderation-not-a-real-key";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        return Map.of(
                "imagegen.moderation.enabled", "true",
                "imagegen.moderation.api-key", API_KEY,
                "imagegen.moderation.timeout", "3s",
                "quarkus.rest-client.openai-moderation.url", server.baseUrl() + "/v1");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
