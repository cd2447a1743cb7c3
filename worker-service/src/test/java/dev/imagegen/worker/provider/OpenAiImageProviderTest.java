package dev.imagegen.worker.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.testing.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
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
    private final ProviderStatus status;

    OpenAiImageProviderTest(ImageProvider provider, EventPublisher publisher, Pool db, ProviderStatus status) {
        this.provider = provider;
        this.publisher = publisher;
        this.db = db;
        this.status = status;
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void sendsTheJobAndDecodesTheImage() {
        byte[] png = TestImages.png();
        wireMock.stubFor(post(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + OpenAiWireMockResource.API_KEY))
                .withHeader("OpenAI-Organization", equalTo(OpenAiWireMockResource.ORGANIZATION))
                .withHeader("OpenAI-Project", equalTo(OpenAiWireMockResource.PROJECT))
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
        assertThat(image.images()).containsExactly(png);
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.usage()).isNull();
        assertThat(image.revisedPrompt()).isEqualTo("A red fox standing in fresh snow");
        assertThat(image.model()).isEqualTo("dall-e-3");
        assertThat(image.cost()).isEqualByComparingTo(new BigDecimal("0.120"));
    }

    @Test
    void aPaidCallIsRecordedWithItsPrice() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(TestImages.png()) + "\"}]}")));
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
    void aServerErrorIsRetriedUntilItSucceeds() {
        byte[] png = TestImages.png();
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("upstream unavailable"))
                .willSetStateTo("recovered"));
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png) + "\"}]}")));

        GeneratedImage image = provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await()
                .atMost(WAIT);

        assertThat(image.images()).containsExactly(png);
        assertThat(image.revisedPrompt()).isEqualTo("a cat");
        assertThat(image.cost()).isEqualByComparingTo(new BigDecimal("0.040"));
    }

    @Test
    void aSlowProviderTimesOut() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));

        assertFailure("provider_timeout", true, "did not answer");
    }

    @Test
    void readinessNamesTheOpenAiProviderAndWhetherItsModelExists() {
        wireMock.stubFor(get(urlEqualTo("/v1/models/gpt-image-2.6-flare")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error":{"message":"The model `gpt-image-2.6-flare` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""")));
        provider.checkModel().await().atMost(WAIT);

        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'image-provider' }.data.provider",
                        org.hamcrest.Matchers.equalTo("openai"))
                .body("checks.find { it.name == 'image-provider' }.data.model",
                        org.hamcrest.Matchers.equalTo("gpt-image-2.6-flare"))
                .body("checks.find { it.name == 'image-provider' }.data.model_check",
                        org.hamcrest.Matchers.equalTo("missing"));

        wireMock.stubFor(get(urlEqualTo("/v1/models/gpt-image-2.6-flare"))
                .withHeader("Authorization", equalTo("Bearer " + OpenAiWireMockResource.API_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"id":"gpt-image-2.6-flare","object":"model","created":1762214400,"owned_by":"system","shutdown_date":null}""")));
        provider.checkModel().await().atMost(WAIT);
        assertThat(status.modelCheck()).isEqualTo(ProviderStatus.ModelCheck.AVAILABLE);
    }

    @Test
    void refusedCredentialsTakeReadinessDownUntilACallSucceeds() {
        stubError(403, """
                {"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory not supported","param":null,"type":"request_forbidden"}}""");
        assertFailure("provider_auth", false, "credentials");
        RestAssured.given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'image-provider' }.data.error",
                        org.hamcrest.Matchers.containsString("provider_auth"));

        stubImage();
        provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await().atMost(WAIT);
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void anUnknownModelIsModelUnavailable() {
        stubError(404, """
                {"error":{"code":"model_not_found","message":"The model `dall-e-3` does not exist or you do not have access to it.","param":null,"type":"invalid_request_error"}}""");

        assertFailure("model_unavailable", false, "does not exist");
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aShutDownModelAnswered400IsModelUnavailableAndNamesItsReplacement() {
        stubError(400, """
                {"error":{"code":"model_not_found","message":"The model `dall-e-3` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations","param":null,"type":"invalid_request_error"}}""");

        assertFailure("model_unavailable", false, "its configured replacement is gpt-image-2.5-sunburst");
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void noQuotaLeftIsNotRetried() {
        stubError(429, """
                {"error":{"code":"insufficient_quota","message":"You exceeded your current quota, please check your plan and billing details.","param":null,"type":"insufficient_quota"}}""");

        assertFailure("insufficient_quota", false, "no quota");
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void noCallBeforeTheProvidersRetryAfter() {
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("limited").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("retry-after-ms", "1500").withHeader("retry-after", "2")
                        .withHeader("x-ratelimit-limit-requests", "5").withHeader("x-ratelimit-remaining-requests", "0")
                        .withHeader("x-ratelimit-reset-requests", "1.5s")
                        .withBody("""
                                {"error":{"code":"rate_limit_exceeded","message":"Rate limit reached for dall-e-3 in organization org-abc on images per minute (IPM): Limit 5, Used 5, Requested 1. Please try again in 1.5s.","param":null,"type":"requests"}}"""))
                .willSetStateTo("free"));
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("limited").whenScenarioStateIs("free")
                .willReturn(imageResponse(TestImages.png())));

        provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await().atMost(WAIT);

        List<LoggedRequest> calls = wireMock.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime())
                .isGreaterThanOrEqualTo(1500);
    }

    @ParameterizedTest
    @ValueSource(ints = { 408, 409, 500, 502, 503 })
    void transientStatusesAreRetried(int status) {
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("transient").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"error":{"code":null,"message":"The server had an error while processing your request. Sorry about that!","param":null,"type":"server_error"}}"""))
                .willSetStateTo("ok"));
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("transient").whenScenarioStateIs("ok")
                .willReturn(imageResponse(TestImages.png())));

        provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await().atMost(WAIT);

        wireMock.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aDroppedConnectionIsRetriedThenGivenUpAsRetryable() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertFailure("provider_unreachable", true, "could not be reached");
        wireMock.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void xShouldRetryOverridesTheStatus() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("x-should-retry", "false").withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"no\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")));

        assertFailure("provider_unavailable", false, "500");
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void anImageUrlIsDownloadedAtOnce() {
        byte[] png = TestImages.png();
        wireMock.stubFor(get(urlEqualTo("/files/img-abc.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(png)));
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":[{\"url\":\"" + wireMock.baseUrl() + "/files/img-abc.png\"}]}")));

        GeneratedImage image = provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await()
                .atMost(WAIT);

        assertThat(image.images()).containsExactly(png);
    }

    @Test
    void aRedirectFromTheImageUrlIsNotFollowed() {
        wireMock.stubFor(get(urlEqualTo("/files/img-moved.png")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", wireMock.baseUrl() + "/files/img-elsewhere.png")));
        wireMock.stubFor(get(urlEqualTo("/files/img-elsewhere.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(TestImages.png())));
        stubImageUrl("/files/img-moved.png");

        assertFailure("image_download_failed", false, "redirect");
        wireMock.verify(0, getRequestedFor(urlEqualTo("/files/img-elsewhere.png")));
    }

    @Test
    void anImageLargerThanTheLimitIsRefusedAndTheBilledCallSaysWhatItCost() {
        // The test limit is 1 MB (MAX_IMAGE_SIZE_MB); the fake answers 24 MB, declared up front.
        wireMock.stubFor(get(urlEqualTo("/files/img-huge.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(new byte[24 * 1024 * 1024])));
        stubImageUrl("/files/img-huge.png");

        assertThatThrownBy(() -> provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await()
                .atMost(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo("image_too_large");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("1 MB");
                    // dall-e-3 1024x1024 standard: the provider billed $0.040 for the image the worker refused.
                    assertThat(e.billedCost()).isEqualByComparingTo(new BigDecimal("0.040"));
                });
    }

    @Test
    void anOversizeImageOfUndeclaredLengthIsCutOffAtTheLimit() {
        // Chunked, no Content-Length: only a bounded read can refuse it.
        wireMock.stubFor(get(urlEqualTo("/files/img-stream.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(new byte[3 * 1024 * 1024])
                .withChunkedDribbleDelay(30, 300)));
        stubImageUrl("/files/img-stream.png");

        assertFailure("image_too_large", false, "1 MB");
    }

    @Test
    void aTruncatedAnswerIsRetried() {
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("truncated").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":[{\"b64_json\":\"iVBORw0KGgoAAAANSU"))
                .willSetStateTo("chunk"));
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("truncated").whenScenarioStateIs("chunk")
                .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK))
                .willSetStateTo("whole"));
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("truncated").whenScenarioStateIs("whole")
                .willReturn(imageResponse(TestImages.png())));

        GeneratedImage image = provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await()
                .atMost(WAIT);

        assertThat(image.images()).containsExactly(TestImages.png());
        wireMock.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aDroppedConnectionIsRetriedUntilItSucceeds() {
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("dropped").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)).willSetStateTo("back"));
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("dropped").whenScenarioStateIs("back")
                .willReturn(imageResponse(TestImages.png())));

        provider.generate(job("a cat", "1024x1024", "standard", "vivid")).await().atMost(WAIT);

        wireMock.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void gptImageTakesNoStyleNorResponseFormatAndIsChargedItsUsageAsRendered() {
        wireMock.stubFor(post(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.style", absent()))
                .withRequestBody(matchingJsonPath("$.response_format", absent()))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-image-2.6-flare","prompt":"a red fox","n":1,"size":"auto","quality":"auto"}"""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"created":1764633600,"background":"opaque","output_format":"jpeg","size":"1024x1536",
                                 "quality":"medium","data":[{"b64_json":"%s"}],
                                 "usage":{"total_tokens":1470,"input_tokens":70,"output_tokens":1400,
                                  "input_tokens_details":{"text_tokens":50,"image_tokens":20,"cached_tokens":30,
                                   "cached_tokens_details":{"text_tokens":10,"image_tokens":20}},
                                  "output_tokens_details":{"image_tokens":1372,"text_tokens":28}}}"""
                                .formatted(Base64.getEncoder().encodeToString(TestImages.png())))));

        GeneratedImage image = provider.generate(new JobMessage(JobMessage.VERSION, UUID.randomUUID(),
                UUID.randomUUID(), "a red fox", "gpt-image-2.6-flare", "auto", "auto", "vivid", null,
                java.time.Instant.now(), 1)).await().atMost(WAIT);

        assertThat(image.model()).isEqualTo("gpt-image-2.6-flare");
        assertThat(image.size()).isEqualTo("1024x1536");
        assertThat(image.quality()).isEqualTo("medium");
        assertThat(image.contentType()).isEqualTo("image/jpeg");
        assertThat(image.usage()).isEqualTo(new TokenUsage(50, 20, 10, 20, 1372, 28));
        // Per 1M tokens: text 40 x $5 + cached text 10 x $1.25 + cached image 20 x $2 + image out 1372 x $30
        // + text out 28 x $5 (no text-output price: the text input one) = $41,552.5 / 1M = 0.0415525, rounded up.
        assertThat(image.cost()).isEqualByComparingTo(new BigDecimal("0.041553"));
    }

    @Test
    void aPerImagePricedModelIsChargedItsPriceTimesTheImages() {
        byte[] first = TestImages.png();
        byte[] second = TestImages.png();
        wireMock.stubFor(post(urlEqualTo(PATH))
                .withRequestBody(equalToJson("""
                        {"model":"compat-diffusion","prompt":"two moons","n":2,"size":"1024x1024"}"""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"created":1764633600,"data":[{"b64_json":"%s"},{"b64_json":"%s"}]}"""
                                .formatted(Base64.getEncoder().encodeToString(first),
                                        Base64.getEncoder().encodeToString(second)))));

        GeneratedImage image = provider.generate(TestImages.job("two moons", "compat-diffusion", "1024x1024",
                "standard", 2, null, null, null)).await().atMost(WAIT);

        assertThat(image.images()).containsExactly(first, second);
        // No output_format in the answer: the type comes from the bytes.
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.usage()).isNull();
        // compat-diffusion's 1024x1024 price, $0.008, twice.
        assertThat(image.cost()).isEqualByComparingTo(new BigDecimal("0.016"));
    }

    @Test
    void dallE2TakesNeitherQualityNorStyle() {
        wireMock.stubFor(post(urlEqualTo(PATH))
                .withRequestBody(equalToJson("""
                        {"model":"dall-e-2","prompt":"a red fox","n":1,"size":"256x256","response_format":"b64_json"}"""))
                .willReturn(imageResponse(TestImages.png())));

        GeneratedImage image = provider.generate(new JobMessage(JobMessage.VERSION, UUID.randomUUID(),
                UUID.randomUUID(), "a red fox", "dall-e-2", "256x256", "standard", "vivid", null,
                java.time.Instant.now(), 1)).await().atMost(WAIT);

        assertThat(image.cost()).isEqualByComparingTo(new BigDecimal("0.016"));
    }

    private void stubImageUrl(String path) {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":[{\"url\":\"" + wireMock.baseUrl() + path + "\"}]}")));
    }

    private void stubImage() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(imageResponse(TestImages.png())));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder imageResponse(byte[] png) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png) + "\"}]}");
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
}
