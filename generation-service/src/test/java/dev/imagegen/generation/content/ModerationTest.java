package dev.imagegen.generation.content;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.LedgerRows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** With MODERATION_ENABLED, OpenAI's /v1/moderations (faked by WireMock) screens every prompt before intake. */
@QuarkusTest
@WithTestResource(OpenAiModerationWireMock.class)
class ModerationTest {

    // Bodies as OpenAI answers them (omni-moderation-latest), trimmed to a few categories.
    private static final String FLAGGED = """
            {"id":"modr-5f1c9e","model":"omni-moderation-latest","results":[{"flagged":true,
             "categories":{"harassment":false,"harassment/threatening":false,"sexual":false,"hate":false,
              "hate/threatening":false,"illicit":false,"illicit/violent":false,"self-harm/intent":false,
              "self-harm/instructions":false,"self-harm":false,"sexual/minors":false,"violence":true,
              "violence/graphic":true},
             "category_scores":{"harassment":0.0009,"violence":0.9412,"violence/graphic":0.8113,"sexual":0.00002},
             "category_applied_input_types":{"violence":["text"],"violence/graphic":["text"],"sexual":["text"]}}]}""";
    private static final String CLEAN = """
            {"id":"modr-7a2d31","model":"omni-moderation-latest","results":[{"flagged":false,
             "categories":{"harassment":false,"sexual":false,"hate":false,"violence":false,"violence/graphic":false,
              "self-harm":false,"illicit":false},
             "category_scores":{"harassment":0.00001,"violence":0.0003,"sexual":0.00002},
             "category_applied_input_types":{"violence":["text"],"sexual":["text"]}}]}""";
    private static final String RATE_LIMITED = """
            {"error":{"message":"Rate limit reached for omni-moderation-latest in organization org-test on requests\
             per min (RPM): Limit 1000, Used 1000, Requested 1. Please try again in 20s.",\
            "type":"requests","param":null,"code":"rate_limit_exceeded"}}""";
    private static final String SERVER_ERROR = """
            {"error":{"message":"The server had an error while processing your request. Sorry about that!",\
            "type":"server_error","param":null,"code":null}}""";

    WireMockServer openAi;

    @BeforeEach
    void reset() {
        openAi.resetAll();
    }

    @Test
    void aFlaggedPromptIsRefusedNamingTheCategoriesAndRecorded() throws Throwable {
        answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(FLAGGED));
        TestUser user = TestUser.create();

        submit(user, "a gory battle scene").then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", is("content_policy"))
                .body("detail", containsString("violence"))
                .body("detail", containsString("violence (graphic)"));

        assertThat(LedgerRows.value("SELECT matched FROM generation.content_refusals WHERE user_id = ?1", user.id()))
                .isEqualTo("moderation: violence, violence (graphic)");
        assertNothingReserved(user.id());
        openAi.verify(postRequestedFor(urlEqualTo("/v1/moderations"))
                .withHeader("Authorization", equalTo("Bearer " + OpenAiModerationWireMock.API_KEY))
                .withRequestBody(equalToJson("{\"model\":\"omni-moderation-latest\",\"input\":\"a gory battle scene\"}")));
    }

    @Test
    void aCleanPromptIsAccepted() {
        answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(CLEAN));

        submit(TestUser.create(), "a lighthouse at dusk").then().statusCode(202);
    }

    @Test
    void theBlocklistAnswersFirstWithoutAskingOpenAi() {
        answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(CLEAN));

        submit(TestUser.create(), "a blood bath").then().statusCode(422);

        openAi.verify(0, postRequestedFor(urlEqualTo("/v1/moderations")));
    }

    @Test
    void openAiRateLimitingRefusesWithItsRetryAfter() throws Throwable {
        answer(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("retry-after", "20")
                .withHeader("x-ratelimit-limit-requests", "1000")
                .withHeader("x-ratelimit-remaining-requests", "0")
                .withHeader("x-ratelimit-reset-requests", "20s")
                .withBody(RATE_LIMITED));
        TestUser user = TestUser.create();

        submit(user, "a lighthouse at dusk").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "20")
                .body("code", is("content_check_unavailable"))
                .body("detail", containsString("try again"));

        assertNothingReserved(user.id());
    }

    @Test
    void theApiKeyNeverReachesTheLog() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getLoggerName() + " " + record.getMessage() + " " + Arrays.toString(
                        record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            answer(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + OpenAiModerationWireMock.API_KEY
                            + ".\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
            submit(TestUser.create(), "a lighthouse at dusk").then().statusCode(503);
            answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(FLAGGED));
            submit(TestUser.create(), "a gory battle scene").then().statusCode(422);
        } finally {
            root.removeHandler(capture);
        }

        assertThat(lines).anySatisfy(line -> assertThat(line).contains("moderation check failed"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains(OpenAiModerationWireMock.API_KEY));
    }

    @Test
    void anOpenAiErrorRefusesWithoutQueueing() throws Throwable {
        answer(aResponse().withStatus(500).withHeader("Content-Type", "application/json").withBody(SERVER_ERROR));
        TestUser user = TestUser.create();

        Response answer = submit(user, "a lighthouse at dusk");

        answer.then().statusCode(503).contentType("application/problem+json")
                .body("code", is("content_check_unavailable"));
        assertThat(answer.header("Retry-After")).isNull();
        assertNothingReserved(user.id());
    }

    @Test
    void aSlowOpenAiRefusesWithoutQueueing() throws Throwable {
        answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(CLEAN)
                .withFixedDelay(6000));
        TestUser user = TestUser.create();

        submit(user, "a lighthouse at dusk").then().statusCode(503)
                .body("code", is("content_check_unavailable"));

        assertNothingReserved(user.id());
    }

    private void answer(ResponseDefinitionBuilder response) {
        openAi.stubFor(post(urlEqualTo("/v1/moderations")).willReturn(response));
    }

    private static void assertNothingReserved(UUID userId) throws Throwable {
        assertThat(((Number) LedgerRows.value("SELECT count(*) FROM generation.charges WHERE user_id = ?1", userId))
                .intValue()).isZero();
        assertThat(((Number) LedgerRows.value("SELECT count(*) FROM generation.jobs WHERE user_id = ?1", userId))
                .intValue()).isZero();
    }

    private static Response submit(TestUser user, String prompt) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("prompt", prompt))
                .when().post("/images/generate");
    }
}
