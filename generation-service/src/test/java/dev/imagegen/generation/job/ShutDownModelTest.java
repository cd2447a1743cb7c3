package dev.imagegen.generation.job;

import dev.imagegen.common.models.ModelShutdowns;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.MovableClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The seed's {@code DALLE_MODEL=dall-e-3} with replacements of its own ({@code MODEL_REPLACEMENTS}): a chain
 * through another shut-down model, a model with none, a loop, and dates the provider announces.
 */
@QuarkusTest
@TestProfile(ShutDownModelTest.SeedSettings.class)
class ShutDownModelTest {

    private static final String WORKING = "gpt-image-2, gpt-image-2.5-flare, gpt-image-2.5-sunburst,"
            + " gpt-image-2.6-flare, gpt-image-2.6-sunburst, sketch-1";

    @Inject
    ModelShutdowns shutdowns;
    @Inject
    RedisDataSource redis;
    @Inject
    StreamKeys keys;

    @AfterEach
    void forgetAnnouncements() {
        // this profile's streams prefix is its own: the key holds only what these tests put there
        redis.key().del(keys.modelShutdowns());
        // a clock set back makes the next request read the dates again
        MovableClock.reset();
    }

    @Test
    void aRequestWithoutAModelRunsOnTheReplacementOfTheShutDownDefault() throws Throwable {
        TestUser user = TestUser.create();
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse", "quality", "hd", "size", "1792x1024", "style", "vivid"))
                .when().post("/images/generate")
                .then().statusCode(202).body("estimated_time", equalTo(20))
                .extract().path("task_id");

        // through gpt-image-1 (shut down too) to what replaces it
        assertThat(JobResourceTest.jobRow(taskId)).containsExactly("gpt-image-2.5-flare", "dall-e-3", "1536x1024",
                "high", null, "Style: hyper-real and dramatic.", 1, "auto", "png", null, "auto");
        given().auth().oauth2(user.token()).when().get("/models")
                .then().statusCode(200)
                .body("default_model", equalTo("gpt-image-2.5-flare"))
                .body("configured_default", equalTo("dall-e-3"))
                .body("models[0].name", equalTo("gpt-image-2.5-flare"))
                .body("models.find { it.name == 'dall-e-3' }.replaced_by", equalTo("gpt-image-2.5-flare"))
                .body("models.find { it.name == 'dall-e-2' }.status", equalTo("shut_down"))
                .body("models.find { it.name == 'dall-e-2' }.replaced_by", nullValue());
    }

    @Test
    void aShutDownModelThatNothingReplacesIsRefusedNamingTheModelsThatWork() {
        TestUser user = TestUser.create();
        for (String model : new String[] {"dall-e-2", "gpt-image-1.5"}) {
            given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                    .body(Map.of("prompt", "a lighthouse", "model", model))
                    .when().post("/images/generate")
                    .then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("code", equalTo("validation"))
                    .body("errors[0].field", equalTo("model"))
                    .body("errors[0].message", containsString("was shut down on"))
                    .body("detail", containsString(WORKING));
            given().auth().oauth2(user.token()).queryParam("model", model)
                    .when().get("/images/estimate")
                    .then().statusCode(422).body("detail", containsString(WORKING));
        }
    }

    @Test
    void aShutdownDateTheProviderAnnouncesReplacesAServedModelWithinAMinute() throws Throwable {
        TestUser user = TestUser.create();
        String before = submit(user, "gpt-image-2");
        assertThat(JobResourceTest.jobRow(before)).startsWith("gpt-image-2", null);
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);

        shutdowns.announce("gpt-image-2", yesterday).await().indefinitely();
        MovableClock.moveBy(Duration.ofSeconds(61));

        String after = submit(user, "gpt-image-2");
        assertThat(JobResourceTest.jobRow(after)).startsWith("gpt-image-2.6-sunburst", "gpt-image-2", "1024x1024",
                "medium");
        String model = "models.find { it.name == 'gpt-image-2' }";
        given().auth().oauth2(user.token()).when().get("/models")
                .then().statusCode(200)
                .body(model + ".status", equalTo("shut_down"))
                .body(model + ".shutdown_date", equalTo(yesterday.toString()))
                .body(model + ".replaced_by", equalTo("gpt-image-2.6-sunburst"));
        given().auth().oauth2(user.token()).queryParam("model", "gpt-image-2").queryParam("quality", "high")
                .when().get("/images/estimate")
                .then().statusCode(200)
                .body("model", equalTo("gpt-image-2.6-sunburst"))
                .body("requested_model", equalTo("gpt-image-2"))
                .body("quality", equalTo("high"));
    }

    @Test
    void whileTheAnnouncedDatesCannotBeReadTheLastOnesReadStand() throws Throwable {
        TestUser user = TestUser.create();
        shutdowns.announce("gpt-image-2", LocalDate.now(ZoneOffset.UTC).minusDays(1)).await().indefinitely();
        MovableClock.moveBy(Duration.ofSeconds(61));
        assertThat(JobResourceTest.jobRow(submit(user, "gpt-image-2"))).startsWith("gpt-image-2.6-sunburst");

        // a value Redis cannot read as a hash: every read of the dates fails from now on
        redis.key().del(keys.modelShutdowns());
        redis.value(String.class).set(keys.modelShutdowns(), "not a hash");
        MovableClock.moveBy(Duration.ofSeconds(61));

        assertThat(JobResourceTest.jobRow(submit(user, "gpt-image-2"))).startsWith("gpt-image-2.6-sunburst");
        given().auth().oauth2(user.token()).when().get("/models")
                .then().statusCode(200)
                .body("models.find { it.name == 'gpt-image-2' }.status", equalTo("shut_down"));
    }

    @Test
    void aModelShuttingDownSoonIsFlaggedWithItsDateAndReplacementAndStillServed() throws Throwable {
        TestUser user = TestUser.create();
        LocalDate soon = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        shutdowns.announce("sketch-1", soon).await().indefinitely();
        MovableClock.moveBy(Duration.ofSeconds(61));

        String model = "models.find { it.name == 'sketch-1' }";
        given().auth().oauth2(user.token()).when().get("/models")
                .then().statusCode(200)
                .body(model + ".status", equalTo("shutting_down"))
                .body(model + ".shutdown_date", equalTo(soon.toString()))
                .body(model + ".replaced_by", equalTo("gpt-image-2.6-flare"))
                .body("models.findAll { it.status == 'active' }.name", not(hasItem("sketch-1")));
        assertThat(JobResourceTest.jobRow(submit(user, "sketch-1"))).startsWith("sketch-1", null);
    }

    private static String submit(TestUser user, String model) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse", "model", model))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id");
    }

    public static class SeedSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagegen.models.default", "dall-e-3",
                    "imagegen.models.replacements", "dall-e-3=gpt-image-1,gpt-image-1=gpt-image-2.5-flare,"
                            + "gpt-image-2=gpt-image-2.6-sunburst,sketch-1=gpt-image-2.6-flare,"
                            + "gpt-image-1.5=gpt-image-1-mini,gpt-image-1-mini=gpt-image-1.5");
        }
    }
}
