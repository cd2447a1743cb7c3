package dev.imagegen.generation.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void acceptsAJobRecordsItAndQueuesIt() throws Throwable {
        TestUser user = TestUser.create();
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a cute golden retriever puppy playing in a garden", "size", "1792x1024",
                        "quality", "hd", "style", "natural"))
                .when().post("/images/generate")
                .then().statusCode(202)
                .body("status", equalTo("pending"))
                .body("estimated_time", equalTo(15))
                .extract().path("task_id");

        List<JobMessage> queued = jobsOf(user.id());
        assertThat(queued).singleElement().satisfies(job -> {
            assertThat(job.jobId()).hasToString(taskId);
            assertThat(job.prompt()).isEqualTo("a cute golden retriever puppy playing in a garden");
            assertThat(job.model()).isEqualTo("dall-e-3");
            assertThat(job.size()).isEqualTo("1792x1024");
            assertThat(job.quality()).isEqualTo("hd");
            assertThat(job.style()).isEqualTo("natural");
            assertThat(job.attempt()).isEqualTo(1);
        });

        given().auth().oauth2(user.token())
                .when().get("/images/tasks/{id}/status", taskId)
                .then().statusCode(200)
                .body("task_id", equalTo(taskId))
                .body("status", equalTo("pending"))
                .body("stage", equalTo("queued"))
                .body("progress", equalTo(0))
                .body("created_at", notNullValue());
    }

    @Test
    void fillsInTheModelsDefaults() throws Throwable {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse"))
                .when().post("/images/generate").then().statusCode(202);

        assertThat(jobsOf(user.id())).singleElement().satisfies(job -> {
            assertThat(job.size()).isEqualTo("1024x1024");
            assertThat(job.quality()).isEqualTo("standard");
            assertThat(job.style()).isEqualTo("vivid");
        });
    }

    @Test
    void acceptsAPromptOfExactlyTheLimitCountingCharactersNotBytes() {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("prompt", "é".repeat(4000)))
                .when().post("/images/generate").then().statusCode(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"prompt\": \"\"}|prompt",
            "{\"prompt\": \"   \"}|prompt",
            "{\"size\": \"1024x1024\"}|prompt",
            "{\"prompt\": \"a cat\", \"size\": \"512x512\"}|size",
            "{\"prompt\": \"a cat\", \"quality\": \"ultra\"}|quality",
            "{\"prompt\": \"a cat\", \"style\": \"cubist\"}|style",
            "{\"prompt\": \"a cat\", \"model\": \"no-such-model\"}|model" })
    void refusesInvalidRequestsWithAProblemAndNoJob(String caseLine) throws Throwable {
        String[] parts = caseLine.split("\\|");
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(parts[0])
                .when().post("/images/generate")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("code", equalTo("validation"))
                .body("detail", containsString(parts[1]))
                .body("errors.field", hasItem(parts[1]));

        assertNoJobLeftFor(user.id());
    }

    @Test
    void refusesAPromptOverTheLimit() throws Throwable {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("prompt", "x".repeat(4001)))
                .when().post("/images/generate")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("prompt"))
                .body("errors[0].message", containsString("4000"));

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
                .then().statusCode(400)
                .contentType("application/problem+json");
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
