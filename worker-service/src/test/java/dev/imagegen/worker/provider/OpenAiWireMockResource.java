package dev.imagegen.worker.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** Stands in for OpenAI's API and points the worker at it, with the openai provider chosen. */
public class OpenAiWireMockResource implements QuarkusTestResourceLifecycleManager {

    static final String API_KEY = "sk-test-not-a-real-key";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        return Map.of(
                "imagegen.worker.provider", "openai",
                "imagegen.worker.openai-api-key", API_KEY,
                "imagegen.worker.openai-base-url", server.baseUrl() + "/v1",
                "imagegen.worker.timeout-seconds", "2",
                "imagegen.worker.max-retries", "2",
                "imagegen.worker.retry-backoff", "10ms");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface InjectWireMock {
    }
}
