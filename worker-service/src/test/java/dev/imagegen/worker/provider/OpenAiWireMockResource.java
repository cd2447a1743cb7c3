package dev.imagegen.worker.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.imagegen.common.testing.WireMockTestResource;

import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** Stands in for OpenAI's API and points the worker at it, with the openai provider chosen. */
public class OpenAiWireMockResource extends WireMockTestResource {

    static final String API_KEY = "sk-test-not-a-real-key";
    static final String ORGANIZATION = "org-test";
    static final String PROJECT = "proj_test";
    static final String AZURE_DEPLOYMENT = "images-prod";

    private boolean azure;

    @Override
    protected WireMockConfiguration options() {
        // Delayed answers wait on timers, not on server threads, so many slow calls can be open at once.
        return wireMockConfig().dynamicPort().asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(8).containerThreads(64);
    }

    @Override
    protected Map<String, String> config(WireMockServer server) {
        Map<String, String> config = new HashMap<>(Map.ofEntries(
                Map.entry("imagegen.worker.provider", "openai"),
                // The rate limiter has tests of its own; here the shared bucket never holds a call back.
                Map.entry("imagegen.worker.rate-limit.images-per-minute", "600000"),
                Map.entry("imagegen.worker.rate-limit.burst", "1000"),
                Map.entry("imagegen.worker.openai-api-key", API_KEY),
                Map.entry("imagegen.worker.openai-base-url", server.baseUrl() + "/v1"),
                Map.entry("imagegen.worker.timeout-seconds", "3"),
                Map.entry("imagegen.worker.max-retries", "2"),
                Map.entry("imagegen.worker.retry-backoff", "10ms"),
                // Images from URLs: 1 MB at most, so the tests' oversize answers stay small.
                Map.entry("imagegen.worker.max-image-size-mb", "1"),
                // The seed's 240 s / 300 s task limits, scaled down.
                Map.entry("imagegen.worker.soft-time-limit", "1s"),
                Map.entry("imagegen.worker.hard-time-limit", "4s"),
                Map.entry("imagegen.worker.openai-organization", ORGANIZATION),
                Map.entry("imagegen.worker.openai-project", PROJECT)));
        if (azure) {
            config.put("imagegen.worker.api-type", "azure");
            config.put("imagegen.worker.openai-base-url", server.baseUrl());
            config.put("imagegen.worker.azure.deployment", AZURE_DEPLOYMENT);
        }
        return config;
    }

    /** {@code mode=azure} points the worker at the fake as if it were Azure OpenAI. */
    @Override
    public void init(Map<String, String> initArgs) {
        azure = "azure".equals(initArgs.get("mode"));
    }
}
