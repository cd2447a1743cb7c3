package dev.imagegen.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Today's OpenAI models end to end, through a gateway of its own: a suite whose seed {@code .env} still says
 * {@code DALLE_MODEL=dall-e-3}, whose worker talks to a fake OpenAI that serves only GPT-Image models and answers
 * the way OpenAI does today (base64 images, token usage, rate-limit headers).
 */
@ExtendWith(Suite.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurrentModelsIT {

    private static final String PATH = "/v1/images/generations";
    private static final int GATEWAY_PORT = Suite.BASE_PORT + 30;
    private static final String GATEWAY = "http://127.0.0.1:" + GATEWAY_PORT;

    private final String prefix = "models-" + UUID.randomUUID();
    private final List<Process> services = new ArrayList<>();
    private final WireMockServer openAi = new WireMockServer(wireMockConfig().dynamicPort());
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws IOException {
        openAi.start();
        openAi.stubFor(get(urlPathMatching("/v1/models.*")).willReturn(okJson("{\"object\":\"list\",\"data\":["
                + "{\"id\":\"gpt-image-2.6-flare\",\"object\":\"model\",\"created\":1762214400,\"owned_by\":\"system\","
                + "\"shutdown_date\":null},{\"id\":\"gpt-image-2.5-sunburst\",\"object\":\"model\",\"created\":"
                + "1757289600,\"owned_by\":\"system\",\"shutdown_date\":null}]}")));
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("gateway-service", GATEWAY_PORT);
        ports.put("generation-service", GATEWAY_PORT + 1);
        ports.put("worker-service", GATEWAY_PORT + 2);
        ports.put("gallery-service", GATEWAY_PORT + 3);
        for (Map.Entry<String, Integer> service : ports.entrySet()) {
            ProcessBuilder builder = Suite.service(service.getKey(), service.getValue(), prefix);
            Map<String, String> env = builder.environment();
            env.put("GENERATION_SERVICE_URL", "http://127.0.0.1:" + (GATEWAY_PORT + 1));
            env.put("GALLERY_SERVICE_URL", "http://127.0.0.1:" + (GATEWAY_PORT + 3));
            env.put("DALLE_MODEL", "dall-e-3"); // the seed's .env
            env.put("OPENAI_API_KEY", "sk-systemtest-not-a-real-key");
            env.put("OPENAI_BASE_URL", openAi.baseUrl() + "/v1");
            env.put("IMAGEGEN_PROVIDER_IMAGES_PER_MINUTE", "6000");
            services.add(builder.start());
        }
        for (int port : ports.values()) {
            awaitReady(port);
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (Process service : services) {
            service.destroy();
            service.waitFor();
        }
        openAi.stop();
    }

    @Test
    void threeTransparentWebpImagesLandInTheGalleryAndCostWhatTheirTokenUsageSays() throws IOException {
        List<String> images = List.of(image(Color.RED, "webp"), image(Color.GREEN, "webp"), image(Color.BLUE, "webp"));
        // 60 text tokens in, three images of 1,756 tokens out at gpt-image-2.6-flare's $5 and $30 per 1M
        openAi.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.n", equalTo("3")))
                .willReturn(answer(images, "webp", "transparent", "1024x1024", "high", 60, 3 * 1756)));
        BigDecimal expectedCost = new BigDecimal("0.000300").add(new BigDecimal("0.158040"));
        SuiteUser user = SuiteUser.register();

        JsonPath status = generateAndWait(user, Map.of("prompt", "three stickers of a fox", "model",
                "gpt-image-2.6-flare", "n", 3, "output_format", "webp", "background", "transparent", "quality", "high",
                "size", "1024x1024"));

        LoggedRequest sent = openAi.findAll(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.n", equalTo("3")))).get(0);
        JsonNode body = json.readTree(sent.getBodyAsString());
        System.out.println("[current-models] request to the fake OpenAI: " + sent.getBodyAsString());
        assertThat(body.path("model").asText()).isEqualTo("gpt-image-2.6-flare");
        assertThat(body.path("output_format").asText()).isEqualTo("webp");
        assertThat(body.path("background").asText()).isEqualTo("transparent");
        assertThat(body.has("style")).isFalse();
        assertThat(body.has("response_format")).isFalse();

        assertThat(new BigDecimal(status.getString("image_data.generation_cost"))).isEqualByComparingTo(expectedCost);
        List<String> urls = status.getList("images.image_url");
        assertThat(urls).hasSize(3).doesNotHaveDuplicates();
        for (String url : urls) {
            Response content = as(user).get(url);
            assertThat(content.statusCode()).isEqualTo(200);
            assertThat(content.contentType()).startsWith("image/webp");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(content.asByteArray()));
            assertThat(image.getColorModel().hasAlpha()).isTrue();
            assertThat(image.getRGB(0, 0) >>> 24).as("a transparent corner").isZero();
        }
        JsonPath gallery = as(user).get("/images/gallery").then().statusCode(200).extract().jsonPath();
        assertThat(gallery.getInt("total")).isEqualTo(3);
        JsonPath usage = as(user).get("/usage/me").then().statusCode(200).extract().jsonPath();
        assertThat(usage.getInt("images_today")).isEqualTo(3);
        assertThat(new BigDecimal(usage.getString("month_spend"))).isEqualByComparingTo(expectedCost);
    }

    @Test
    void theSeedsDalle3SettingsRunOnItsReplacementAndSaySo() throws IOException {
        openAi.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.model",
                equalTo("gpt-image-2.5-sunburst"))).willReturn(answer(List.of(image(Color.ORANGE, "png")), "png", "opaque",
                "1536x1024", "high", 40, 5488)));
        SuiteUser user = SuiteUser.register();

        JsonPath models = as(user).get("/models").then().statusCode(200).extract().jsonPath();
        assertThat(models.getString("default_model")).isEqualTo("gpt-image-2.5-sunburst");
        assertThat(models.getString("models.find { it.name == 'dall-e-3' }.replaced_by"))
                .isEqualTo("gpt-image-2.5-sunburst");
        assertThat(models.getString("models.find { it.name == 'dall-e-3' }.shutdown_date")).isEqualTo("2026-05-12");

        // the seed's request, word for word
        JsonPath status = generateAndWait(user, Map.of("prompt", "a cute golden retriever puppy playing in a garden",
                "size", "1792x1024", "quality", "hd", "style", "vivid"));

        JsonNode body = json.readTree(openAi.findAll(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-image-2.5-sunburst")))).get(0)
                .getBodyAsString());
        assertThat(body.path("size").asText()).isEqualTo("1536x1024");
        assertThat(body.path("quality").asText()).isEqualTo("high");
        assertThat(body.has("style")).isFalse();
        assertThat(body.path("prompt").asText()).startsWith("a cute golden retriever puppy playing in a garden")
                .contains("hyper-real");
        assertThat(status.getString("requested_model")).isEqualTo("dall-e-3");
        assertThat(status.getString("image_data.model")).isEqualTo("gpt-image-2.5-sunburst");
        // 40 text tokens in at $5 and 5,488 image tokens out at $30 per 1M
        assertThat(new BigDecimal(status.getString("image_data.generation_cost")))
                .isEqualByComparingTo(new BigDecimal("0.000200").add(new BigDecimal("0.164640")));
        String imageId = status.getString("image_data.id");
        assertThat(as(user).get("/images/{id}", imageId).then().statusCode(200).extract().path("requested_model")
                .toString()).isEqualTo("dall-e-3");
    }

    private JsonPath generateAndWait(SuiteUser user, Map<String, Object> request) {
        String taskId = as(user).contentType(ContentType.JSON).body(request).post("/images/generate")
                .then().statusCode(202).extract().path("task_id");
        await().atMost(Duration.ofSeconds(60)).until(() -> !"pending".equals(
                as(user).get("/images/tasks/{id}/status", taskId).then().extract().path("status")));
        return as(user).get("/images/tasks/{id}/status", taskId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("completed")).extract().jsonPath();
    }

    private static RequestSpecification as(SuiteUser user) {
        return given().baseUri(GATEWAY).auth().oauth2(user.token());
    }

    /** OpenAI's answer today: base64 images, what it rendered, the token usage, and its rate-limit headers. */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer(List<String> images,
            String format, String background, String size, String quality, int textTokens, int imageTokens) {
        StringBuilder data = new StringBuilder();
        for (String image : images) {
            data.append(data.isEmpty() ? "" : ",").append("{\"b64_json\":\"").append(image).append("\"}");
        }
        String body = "{\"created\":1764547200,\"data\":[" + data + "],\"background\":\"" + background
                + "\",\"output_format\":\"" + format + "\",\"size\":\"" + size + "\",\"quality\":\"" + quality
                + "\",\"usage\":{\"total_tokens\":" + (textTokens + imageTokens) + ",\"input_tokens\":" + textTokens
                + ",\"output_tokens\":" + imageTokens + ",\"input_tokens_details\":{\"text_tokens\":" + textTokens
                + ",\"image_tokens\":0},\"output_tokens_details\":{\"image_tokens\":" + imageTokens
                + ",\"text_tokens\":0}}}";
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-limit-requests", "500").withHeader("x-ratelimit-remaining-requests", "499")
                .withHeader("x-ratelimit-reset-requests", "120ms").withBody(body);
    }

    /** A 64x64 image whose corners are transparent and whose middle is {@code color}, as base64. */
    private static String image(Color color, String format) throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(color);
            g.fillOval(8, 8, 48, 48);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, bytes)) {
            throw new IllegalStateException("no " + format + " writer");
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private void awaitReady(int port) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(Suite.operations(port) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("a service exited", () -> services.stream().anyMatch(p -> !p.isAlive()))
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
}
