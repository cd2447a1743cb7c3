package dev.imagegen.generation.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.LedgerRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class JobResourceTest {

    @Inject
    RedisDataSource redis;
    @Inject
    StreamKeys keys;
    @Inject
    ObjectMapper json;
    @Inject
    JobRepository jobs;

    @Test
    void acceptsAJobWithEveryOptionRecordsItAndQueuesIt() throws Throwable {
        TestUser user = TestUser.create();
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a cute golden retriever puppy playing in a garden", "model",
                        "gpt-image-2.6-sunburst", "n", 3, "size", "1536x1024", "quality", "xhigh", "background",
                        "transparent", "output_format", "webp", "output_compression", 80, "moderation", "low"))
                .when().post("/images/generate")
                .then().statusCode(202)
                .body("status", equalTo("pending"))
                .body("estimated_time", equalTo(40))
                .extract().path("task_id");

        assertThat(jobsOf(user.id())).singleElement().satisfies(job -> {
            assertThat(job.jobId()).hasToString(taskId);
            assertThat(job.prompt()).isEqualTo("a cute golden retriever puppy playing in a garden");
            assertThat(job.providerPrompt()).isEqualTo(job.prompt());
            assertThat(job.model()).isEqualTo("gpt-image-2.6-sunburst");
            assertThat(job.requestedModel()).isNull();
            assertThat(job.images()).isEqualTo(3);
            assertThat(job.size()).isEqualTo("1536x1024");
            assertThat(job.quality()).isEqualTo("xhigh");
            assertThat(job.style()).isNull();
            assertThat(job.background()).isEqualTo("transparent");
            assertThat(job.outputFormat()).isEqualTo("webp");
            assertThat(job.outputCompression()).isEqualTo(80);
            assertThat(job.moderation()).isEqualTo("low");
            assertThat(job.attempt()).isEqualTo(1);
        });
        assertThat(jobRow(taskId)).containsExactly("gpt-image-2.6-sunburst", null, "1536x1024", "xhigh", null,
                null, 3, "transparent", "webp", 80, "low");

        given().auth().oauth2(user.token())
                .when().get("/images/tasks/{id}/status", taskId)
                .then().statusCode(200)
                .body("task_id", equalTo(taskId))
                .body("status", equalTo("pending"))
                .body("stage", equalTo("queued"))
                .body("progress", equalTo(0))
                .body("n", equalTo(3))
                .body("created_at", notNullValue());
    }

    @Test
    void theSeedsRequestForAShutDownModelRunsOnItsReplacementWithTranslatedOptions() throws Throwable {
        TestUser user = TestUser.create();
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a cute golden retriever puppy playing in a garden", "model", "dall-e-3",
                        "quality", "hd", "size", "1792x1024", "style", "vivid"))
                .when().post("/images/generate")
                .then().statusCode(202)
                .body("estimated_time", equalTo(45))
                .extract().path("task_id");

        assertThat(jobRow(taskId)).containsExactly("gpt-image-2.5-sunburst", "dall-e-3", "1536x1024", "high", null,
                "Style: hyper-real and dramatic.", 1, "auto", "png", null, "auto");
        assertThat(jobsOf(user.id())).singleElement().satisfies(job -> {
            assertThat(job.model()).isEqualTo("gpt-image-2.5-sunburst");
            assertThat(job.requestedModel()).isEqualTo("dall-e-3");
            assertThat(job.size()).isEqualTo("1536x1024");
            assertThat(job.quality()).isEqualTo("high");
            assertThat(job.style()).isNull();
            assertThat(job.styleHint()).isEqualTo("Style: hyper-real and dramatic.");
            assertThat(job.providerPrompt()).isEqualTo("a cute golden retriever puppy playing in a garden\n\n"
                    + "Style: hyper-real and dramatic.");
        });
        given().auth().oauth2(user.token()).when().get("/images/tasks/{id}/status", taskId)
                .then().statusCode(200).body("requested_model", equalTo("dall-e-3")).body("n", equalTo(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1024x1792 | standard | 1024x1536 | medium",
            "1024x1024 | hd       | 1024x1024 | high" })
    void aShutDownModelsSizesAndQualitiesBecomeTheReplacementsNearest(String size, String quality,
            String runsAt, String runsWith) throws Throwable {
        TestUser user = TestUser.create();
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse", "model", "dall-e-3", "size", size, "quality", quality,
                        "style", "natural"))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id");

        assertThat(jobRow(taskId)).startsWith("gpt-image-2.5-sunburst", "dall-e-3", runsAt, runsWith, null,
                "Style: natural, less hyper-real looking.");
    }

    @Test
    void theSeedsRequestWithoutAModelRunsOnTheSeedModelsReplacement() throws Throwable {
        TestUser user = TestUser.create();
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a cute golden retriever puppy playing in a garden", "size", "1024x1024",
                        "quality", "standard", "style", "vivid"))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id");

        assertThat(jobRow(taskId)).startsWith("gpt-image-2.5-sunburst", "dall-e-3", "1024x1024", "medium", null,
                "Style: hyper-real and dramatic.");
        // options that are neither the default model's nor the seed's are refused in the default model's terms
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse", "quality", "ultra"))
                .when().post("/images/generate").then().statusCode(422)
                .body("errors.find { it.field == 'quality' }.message", containsString("xhigh"));
    }

    @Test
    void aShutDownModelAskedForInItsReplacementsTermsRunsAsAsked() throws Throwable {
        TestUser user = TestUser.create();
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "x".repeat(4001), "model", "dall-e-3", "quality", "high", "size", "1536x1024",
                        "n", 2, "output_format", "webp", "background", "transparent"))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id");

        assertThat(jobRow(taskId)).containsExactly("gpt-image-2.5-sunburst", "dall-e-3", "1536x1024", "high", null,
                null, 2, "transparent", "webp", null, "auto");
        // an option neither model takes is still refused, in the terms of the model asked for
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse", "model", "dall-e-3", "quality", "ultra"))
                .when().post("/images/generate").then().statusCode(422)
                .body("errors.find { it.field == 'quality' }.message", equalTo("must be one of standard, hd"));
    }

    @Test
    void fillsInTheModelsDefaults() throws Throwable {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse"))
                .when().post("/images/generate").then().statusCode(202).body("estimated_time", equalTo(15));

        assertThat(jobsOf(user.id())).singleElement().satisfies(job -> {
            assertThat(job.model()).isEqualTo("gpt-image-2.6-flare");
            assertThat(job.requestedModel()).isNull();
            assertThat(job.images()).isEqualTo(1);
            assertThat(job.size()).isEqualTo("1024x1024");
            assertThat(job.quality()).isEqualTo("medium");
            assertThat(job.style()).isNull();
            assertThat(job.background()).isEqualTo("auto");
            assertThat(job.outputFormat()).isEqualTo("png");
            assertThat(job.outputCompression()).isNull();
            assertThat(job.moderation()).isEqualTo("auto");
        });
    }

    @Test
    void acceptsAPromptOfExactlyTheLimitCountingCharactersNotBytes() {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "é".repeat(4000), "model", "dall-e-3"))
                .when().post("/images/generate").then().statusCode(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"prompt\": \"\"}|prompt",
            "{\"prompt\": \"   \"}|prompt",
            "{\"size\": \"1024x1024\"}|prompt",
            "{\"prompt\": \"a cat\", \"size\": \"512x512\"}|size",
            "{\"prompt\": \"a cat\", \"size\": \"huge\"}|size",
            "{\"prompt\": \"a cat\", \"quality\": \"ultra\"}|quality",
            "{\"prompt\": \"a cat\", \"style\": \"cubist\"}|style",
            "{\"prompt\": \"a cat\", \"model\": \"no-such-model\"}|model",
            "{\"prompt\": \"a cat\", \"n\": 0}|n",
            "{\"prompt\": \"a cat\", \"background\": \"checkered\"}|background",
            "{\"prompt\": \"a cat\", \"output_format\": \"gif\"}|output_format",
            "{\"prompt\": \"a cat\", \"moderation\": \"none\"}|moderation",
            "{\"prompt\": \"a cat\", \"output_format\": \"jpeg\", \"output_compression\": 101}|output_compression",
            "{\"prompt\": \"a cat\", \"output_compression\": 50}|output_compression" })
    void refusesInvalidRequestsWithAProblemAndNoJob(String caseLine) throws Throwable {
        String[] parts = caseLine.split("\\|");
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(parts[0])
                .when().post("/images/generate")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("code", equalTo("validation"))
                .body("detail", containsString(parts[1]))
                .body("errors.field", hasItem(parts[1]));

        assertNoJobLeftFor(user.id());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"n\": 11}"
                    + " | n | must be between 1 and 10 for gpt-image-2.6-flare",
            "{\"background\": \"transparent\", \"output_format\": \"jpeg\"}"
                    + " | background | transparent needs output_format png or webp, not jpeg",
            "{\"size\": \"1000x1000\"}"
                    + " | size | 1000x1000 breaks a rule: both sides must be multiples of 16 px",
            "{\"size\": \"4000x1000\"}"
                    + " | size | at most 3 times the shortest",
            "{\"size\": \"3840x1024\"}"
                    + " | size | 3840x1024 breaks a rule: the long side must be at most 3.0 times the short side",
            "{\"quality\": \"best\"}"
                    + " | quality | must be one of medium, low, high, xhigh, max, auto",
            "{\"output_format\": \"png\", \"output_compression\": 50}"
                    + " | output_compression | applies to output_format jpeg or webp only, not png" })
    void namesWhatIsAllowed(String options, String field, String message) {
        String body = "{\"prompt\": \"a cat\", " + options.substring(1);
        given().auth().oauth2(TestUser.create().token()).contentType(ContentType.JSON).body(body)
                .when().post("/images/generate")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("validation"))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message));
    }

    @Test
    void acceptsEveryPresetAutoACustomSizeAndTransparencyWithTheDefaultFormat() {
        String token = TestUser.create().token();
        for (String size : List.of("auto", "1024x1536", "2048x1152", "3840x1280")) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("prompt", "a cat", "size", size, "background", "transparent"))
                    .when().post("/images/generate").then().statusCode(202);
        }
    }

    @Test
    void refusesAFieldTheApiDoesNotKnow() throws Throwable {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a cat", "transparent_background", true))
                .when().post("/images/generate")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("unknown_field"))
                .body("errors[0].field", equalTo("transparent_background"));

        assertNoJobLeftFor(user.id());
    }

    @Test
    void refusesAPromptOverTheModelsLimit() throws Throwable {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "x".repeat(32001), "model", "gpt-image-2.6-flare"))
                .when().post("/images/generate")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("prompt"))
                .body("errors[0].message", containsString("32000"));

        assertNoJobLeftFor(user.id());
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"prompt\": ", "not json", "[1, 2]", "{\"prompt\": \"a\", \"thread_id\": \"nope\"}" })
    void refusesMalformedJson(String body) throws Throwable {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(body)
                .when().post("/images/generate")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("malformed_json"));

        assertNoJobLeftFor(user.id());
    }

    @Test
    void refusesAnEmptyBody() {
        given().auth().oauth2(TestUser.create().token()).contentType(ContentType.JSON)
                .when().post("/images/generate")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void requiresAValidToken() {
        given().contentType(ContentType.JSON).body(Map.of("prompt", "a cat"))
                .when().post("/images/generate")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body(Map.of("prompt", "a cat"))
                .when().post("/images/generate")
                .then().statusCode(401);
        String expired = TestTokens.expired(UUID.randomUUID());
        given().auth().oauth2(expired).when().get("/images/tasks/{id}/status", UUID.randomUUID())
                .then().statusCode(401);
        String foreignIssuer = TestTokens.wrongIssuer(UUID.randomUUID());
        given().auth().oauth2(foreignIssuer).when().get("/images/tasks/{id}/status", UUID.randomUUID())
                .then().statusCode(401);
    }

    @Test
    void anotherUsersTaskIsNotFound() {
        TestUser owner = TestUser.create();
        String taskId = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a red bicycle"))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id");

        given().auth().oauth2(TestUser.create().token())
                .when().get("/images/tasks/{id}/status", taskId)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Task not found"));
        given().auth().oauth2(owner.token())
                .when().get("/images/tasks/{id}/status", "not-a-uuid")
                .then().statusCode(404);
    }

    private List<JobMessage> jobsOf(UUID userId) {
        return redis.stream(String.class).xrange(keys.jobs(),
                io.quarkus.redis.datasource.stream.StreamRange.of("-", "+")).stream()
                .map(entry -> read(entry.payload().get(EventPublisher.PAYLOAD)))
                .filter(job -> job.userId().equals(userId))
                .toList();
    }

    /**
     * The job's row as {@code [model, requested_model, size, quality, style, style_hint, n, background,
     * output_format, output_compression, moderation]}.
     */
    static List<Object> jobRow(String jobId) throws Throwable {
        return Arrays.asList(LedgerRows.rows("SELECT model, requested_model, size, quality, style, style_hint, n,"
                + " background, output_format, output_compression, moderation FROM generation.jobs WHERE id = ?1",
                UUID.fromString(jobId)).get(0));
    }

    private void assertNoJobLeftFor(UUID userId) throws Throwable {
        assertThat(jobsOf(userId)).isEmpty();
        Long rows = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> jobs.count("userId", userId)));
        assertThat(rows).isZero();
    }

    private JobMessage read(String payload) {
        try {
            return json.readValue(payload, JobMessage.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
