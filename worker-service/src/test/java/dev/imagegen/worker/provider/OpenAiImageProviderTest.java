package dev.imagegen.worker.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.worker.provider.OpenAiWireMockResource.InjectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = OpenAiWireMockResource.class, restrictToAnnotatedClass = true)
class OpenAiImageProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PATH = "/v1/images/generations";

    @InjectWireMock
    WireMockServer wireMock;

    private final ImageProvider provider;
    private final EventPublisher publisher;
    private final Pool db;

    OpenAiImageProviderTest(ImageProvider provider, EventPublisher publisher, Pool db) {
        this.provider = provider;
        this.publisher = publisher;
        this.db = db;
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void sendsTheJobAndDecodesTheImage() throws IOException {
        byte[] png = png();
        wireMock.stubFor(post(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + OpenAiWireMockResource.API_KEY))
                .withRequestBody(equalToJson("""
                        {"model":"dall-e-3","prompt":"a red fox","n":1,"size":"1792x1024","quality":"hd",
                         "style":"natural","response_format":"b64_json"}"""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"created":1700000000,"data":[{"b64_json":"%s",
                                 "revised_prompt":"A red fox standing in fresh snow"}]}"""
                                .formatted(Base64.getEncoder().encodeToString(png)))));

        GeneratedImage image = provider.generate(job("a red fox", "1792x1024", "hd", "natural")).await()
                .atMost(WAIT);

        assertThat(provider.name()).isEqualTo("openai");
        assertThat(image.bytes()).isEqualTo(png);
        assertThat(image.revisedPrompt()).isEqualTo("A red fox standing in fresh snow");
        assertThat(image.model()).isEqualTo("dall-e-3");
        assertThat(image.cost()).isEqualByComparingTo(new BigDecimal("0.120"));
    }

    @Test
    void aPaidCallIsRecordedWithItsPrice() throws IOException {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png()) + "\"}]}")));
        JobMessage job = job("a lighthouse", "1024x1024", "standard", "vivid");

        publisher.enqueue(job).await().atMost(WAIT);

        await().atMost(WAIT).until(() -> db.preparedQuery(
                "select provider, model, cost from worker.provider_calls where job_id = $1 and outcome = 'succeeded'")
                .execute(Tuple.of(job.jobId())).await().atMost(WAIT).size() == 1);
        Row call = db.preparedQuery("select provider, model, cost from worker.provider_calls where job_id = $1")
                .execute(Tuple.of(job.jobId())).await().atMost(WAIT).iterator().next();
        assertThat(call.getString("provider")).isEqualTo("openai");
        assertThat(call.getString("model")).isEqualTo("dall-e-3");
        assertThat(call.getBigDecimal("cost")).isEqualByComparingTo(new BigDecimal("0.040"));
    }

    @Test
    void aContentPolicyRefusalFailsAtOnce() {
        stubError(400, """
                {"error":{"code":"content_policy_violation","message":"Your request was rejected as a result of our safety system.","param":null,"type":"invalid_request_error"}}""");

        assertFailure("content_policy_violation", false, "safety system");
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aBadRequestFailsAtOnce() {
        stubError(400, """
                {"error":{"code":null,"message":"Invalid size '999x999'.","param":"size","type":"invalid_request_error"}}""");

        assertFailure("invalid_request", false, "Invalid size");
    }

    @Test
    void aRejectedKeyIsNamedWithoutEchoingIt() {
        stubError(401, """
                {"error":{"code":"invalid_api_key","message":"Incorrect API key provided: sk-test-***-key.","param":null,"type":"invalid_request_error"}}""");

        assertThatThrownBy(() -> provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await()
                .atMost(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo("provider_auth");
                    assertThat(e.getMessage()).doesNotContain("sk-");
                });
    }

    @Test
    void rateLimitsAreRetriedThenGivenUpAsRetryable() {
        stubError(429, """
                {"error":{"code":"rate_limit_exceeded","message":"Rate limit reached","param":null,"type":"requests"}}""");

        assertFailure("rate_limited", true, "rate limiting");
        wireMock.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aServerErrorIsRetriedUntilItSucceeds() throws IOException {
        byte[] png = png();
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("upstream unavailable"))
                .willSetStateTo("recovered"));
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png) + "\"}]}")));

        GeneratedImage image = provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await()
                .atMost(WAIT);

        assertThat(image.bytes()).isEqualTo(png);
        assertThat(image.revisedPrompt()).isEqualTo("a cat");
        assertThat(image.cost()).isEqualByComparingTo(new BigDecimal("0.040"));
    }

    @Test
    void aSlowProviderTimesOut() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));

        assertFailure("provider_timeout", true, "did not answer");
    }

    @Test
    void readinessNamesTheOpenAiProvider() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'image-provider' }.data.provider",
                        org.hamcrest.Matchers.equalTo("openai"))
                .body("checks.find { it.name == 'image-provider' }.data.model",
                        org.hamcrest.Matchers.equalTo("dall-e-3"));
    }

    private void stubError(int status, String body) {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private void assertFailure(String code, boolean retryable, String message) {
        assertThatThrownBy(() -> provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await()
                .atMost(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.retryable()).isEqualTo(retryable);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private static JobMessage job(String prompt, String size, String quality, String style) {
        return OfflineImageProviderTest.job(prompt, size, quality, style);
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
