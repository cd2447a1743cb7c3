package dev.imagegen.chaos.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A fake OpenAI (WireMock) that answers as OpenAI does today, healthy by default, with faults per prompt marker.
 * Each worker replica gets a base URL of its own ({@code /w<n>/v1}), so every call is known by the worker that
 * made it; every image call is logged with when it arrived and when its answer was done.
 */
public final class FakeOpenAi {

    public static final String MODEL = "gpt-image-2.6-flare";
    private static final String GENERATIONS = "/w\\d+/v1/images/generations";
    private static final Pattern WORKER = Pattern.compile("^/w(\\d+)/");
    private static final String IMAGE = png();

    /** One call to the images endpoint, as the fake saw it; status -1 for a broken answer, 0 while open. */
    public record Call(UUID id, int worker, String prompt, Instant started, Instant completed, int status) {

        public boolean completedOk() {
            return completed != null && status == 200;
        }
    }

    private final Map<UUID, Call> calls = new ConcurrentHashMap<>();
    private final List<Consumer<Call>> startListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Call>> completeListeners = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final WireMockServer server;

    FakeOpenAi() {
        server = new WireMockServer(wireMockConfig().dynamicPort().asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(64).containerThreads(200).extensions(new CallLog()));
    }

    void start() {
        server.start();
        healthy(Duration.ofMillis(100), Duration.ofMillis(400));
    }

    void stop() {
        server.stop();
    }

    /** The OPENAI_BASE_URL of worker replica {@code worker} (1-based). */
    public String baseUrl(int worker) {
        return server.baseUrl() + "/w" + worker + "/v1";
    }

    /** WireMock itself, for stubs a scenario needs beyond the ones here. */
    public WireMockServer server() {
        return server;
    }

    /** Forgets every stub, fault and logged call, then answers every image call after a random delay. */
    public void healthy(Duration minDelay, Duration maxDelay) {
        server.resetAll();
        calls.clear();
        server.stubFor(get(urlPathMatching("/w\\d+/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":["
                + "{\"id\":\"" + MODEL + "\",\"object\":\"model\",\"created\":1762214400,\"owned_by\":\"system\","
                + "\"shutdown_date\":null}]}")));
        server.stubFor(get(urlPathMatching("/w\\d+/v1/models/.+"))
                .willReturn(okJson("{\"id\":\"" + MODEL + "\",\"object\":\"model\",\"owned_by\":\"system\"}")));
        server.stubFor(post(urlPathMatching(GENERATIONS)).atPriority(10)
                .willReturn(answer().withUniformRandomDelay((int) minDelay.toMillis(), (int) maxDelay.toMillis())));
    }

    /** Calls whose prompt contains {@code marker} answer {@code fault} the first {@code times}, then succeed. */
    public void failFirst(String marker, int times, ResponseDefinitionBuilder fault) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = "after-" + i;
            server.stubFor(post(urlPathMatching(GENERATIONS)).atPriority(1).withRequestBody(containing(marker))
                    .inScenario(marker).whenScenarioStateIs(state).willSetStateTo(next).willReturn(fault));
            state = next;
        }
        server.stubFor(post(urlPathMatching(GENERATIONS)).atPriority(1).withRequestBody(containing(marker))
                .inScenario(marker).whenScenarioStateIs(state).willReturn(answer()));
    }

    /** Calls whose prompt contains {@code marker} always answer {@code fault}. */
    public void always(String marker, ResponseDefinitionBuilder fault) {
        server.stubFor(post(urlPathMatching(GENERATIONS)).atPriority(1).withRequestBody(containing(marker))
                .willReturn(fault));
    }

    /** Every image call so far, in the order they arrived. */
    public List<Call> calls() {
        List<Call> all = new ArrayList<>(calls.values());
        all.sort((a, b) -> a.started().compareTo(b.started()));
        return all;
    }

    /** The image calls whose prompt contains {@code marker}, in the order they arrived. */
    public List<Call> calls(String marker) {
        return calls().stream().filter(c -> c.prompt().contains(marker)).toList();
    }

    /** Told of every image call as it arrives, before it is answered. */
    public void onCallStarted(Consumer<Call> listener) {
        startListeners.add(listener);
    }

    /** Told of every image call once its answer has been written (or its connection broken). */
    public void onCallCompleted(Consumer<Call> listener) {
        completeListeners.add(listener);
    }

    public void removeListeners() {
        startListeners.clear();
        completeListeners.clear();
    }

    // ---- answers, as OpenAI gives them

    /** Success: one base64 PNG and the token usage a GPT-Image model bills by. */
    public static ResponseDefinitionBuilder answer() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-limit-requests", "500").withHeader("x-ratelimit-remaining-requests", "499")
                .withBody("{\"created\":1764547200,\"data\":[{\"b64_json\":\"" + IMAGE + "\"}],\"background\":"
                        + "\"opaque\",\"output_format\":\"png\",\"size\":\"1024x1024\",\"quality\":\"medium\","
                        + "\"usage\":{\"total_tokens\":1100,\"input_tokens\":44,\"output_tokens\":1056,"
                        + "\"input_tokens_details\":{\"text_tokens\":44,\"image_tokens\":0},"
                        + "\"output_tokens_details\":{\"image_tokens\":1056,\"text_tokens\":0}}}");
    }

    public static ResponseDefinitionBuilder serverError() {
        return error(500, "The server had an error while processing your request. Sorry about that!", "server_error",
                null);
    }

    /** 429 rate_limit_exceeded with {@code retry-after} in seconds. */
    public static ResponseDefinitionBuilder rateLimited(int retryAfterSeconds) {
        return error(429, "Rate limit reached for images per minute. Please try again later.", "requests",
                "rate_limit_exceeded").withHeader("retry-after", String.valueOf(retryAfterSeconds));
    }

    public static ResponseDefinitionBuilder insufficientQuota() {
        return error(429, "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota", "insufficient_quota");
    }

    public static ResponseDefinitionBuilder refused() {
        return error(400, "Your request was rejected by the safety system.", "image_generation_user_error",
                "moderation_blocked");
    }

    /** A success that arrives only after {@code delay}: past the worker's timeout, a timeout. */
    public static ResponseDefinitionBuilder slow(Duration delay) {
        return answer().withFixedDelay((int) delay.toMillis());
    }

    /** A broken connection or body: reset, empty response, malformed chunk, garbage. */
    public static ResponseDefinitionBuilder broken(Fault fault) {
        return aResponse().withFault(fault);
    }

    private static ResponseDefinitionBuilder error(int status, String message, String type, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,"
                        + "\"code\":" + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    private static String png() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.ORANGE);
            g.fillRect(0, 0, 64, 64);
            g.setColor(Color.BLUE);
            g.fillOval(8, 8, 48, 48);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Logs image calls as they arrive and as they end. */
    private final class CallLog implements ServeEventListener {

        @Override
        public String getName() {
            return "chaos-call-log";
        }

        @Override
        public void beforeMatch(ServeEvent event, Parameters parameters) {
            String url = event.getRequest().getUrl();
            if (!"POST".equals(event.getRequest().getMethod().getName()) || !url.matches(GENERATIONS + "(\\?.*)?")) {
                return;
            }
            Matcher worker = WORKER.matcher(url);
            Call call = new Call(event.getId(), worker.find() ? Integer.parseInt(worker.group(1)) : 0,
                    prompt(event.getRequest().getBodyAsString()), Instant.now(), null, 0);
            calls.put(event.getId(), call);
            startListeners.forEach(l -> l.accept(call));
        }

        @Override
        public void afterComplete(ServeEvent event, Parameters parameters) {
            Call started = calls.get(event.getId());
            if (started == null) {
                return;
            }
            // a fault (reset, empty, malformed) is no answer at all: status -1
            boolean fault = event.getResponseDefinition() != null && event.getResponseDefinition().getFault() != null;
            int status = fault || event.getResponse() == null ? -1 : event.getResponse().getStatus();
            Call done = new Call(started.id(), started.worker(), started.prompt(), started.started(), Instant.now(),
                    status);
            calls.put(event.getId(), done);
            completeListeners.forEach(l -> l.accept(done));
        }

        private String prompt(String body) {
            try {
                JsonNode request = json.readTree(body);
                return request.path("prompt").asText("");
            } catch (IOException e) {
                return "";
            }
        }
    }
}
