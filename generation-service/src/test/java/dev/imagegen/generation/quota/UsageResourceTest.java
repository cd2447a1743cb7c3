package dev.imagegen.generation.quota;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class UsageResourceTest {

    @Inject
    EventPublisher publisher;

    @Test
    void estimatesThePriceAndWhatIsLeft() throws Throwable {
        TestUser user = TestUser.create();
        QuotaLedgerTest.limits(user.id(), 3, new BigDecimal("1.00"));

        given().auth().oauth2(user.token())
                .queryParam("model", "sketch-1").queryParam("size", "512x512")
                .when().get("/images/estimate")
                .then().statusCode(200)
                .body("cost", equalTo(0.01f))
                .body("cost_per_image", equalTo(0.01f))
                .body("n", equalTo(1))
                .body("model", equalTo("sketch-1"))
                .body("price_kind", equalTo("image"))
                .body("size", equalTo("512x512"))
                .body("$", not(hasKey("requested_model")))
                .body("$", not(hasKey("estimated_output_tokens")))
                .body("remaining_images_today", equalTo(3))
                .body("remaining_budget_month", equalTo(1.0f));
        submit(user, "sketch-1", "a lighthouse").then().statusCode(202);

        given().auth().oauth2(user.token()).queryParam("model", "sketch-1").when().get("/images/estimate")
                .then().statusCode(200)
                .body("cost", equalTo(0.01f))
                .body("remaining_images_today", equalTo(2))
                .body("remaining_budget_month", equalTo(0.98f));
    }

    @Test
    void estimatesAJobOfSeveralImagesOfATokenBilledModel() {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token())
                .queryParam("model", "gpt-image-2.6-flare").queryParam("size", "1024x1024")
                .queryParam("quality", "medium").queryParam("n", "3").queryParam("background", "transparent")
                .queryParam("output_format", "webp")
                .when().get("/images/estimate")
                .then().statusCode(200)
                .body("model", equalTo("gpt-image-2.6-flare"))
                .body("n", equalTo(3))
                .body("price_kind", equalTo("token"))
                .body("estimated_output_tokens", equalTo(439))
                .body("cost_per_image", equalTo(0.01367f))
                .body("cost", equalTo(0.04101f));
        given().auth().oauth2(user.token()).when().get("/images/estimate")
                .then().statusCode(200)
                .body("model", equalTo("gpt-image-2.6-flare"))
                .body("size", equalTo("1024x1024"))
                .body("quality", equalTo("medium"))
                .body("cost", equalTo(0.01367f));
    }

    @Test
    void estimatesTheSeedsRequestOnTheModelThatReplacesIt() {
        given().auth().oauth2(TestUser.create().token())
                .queryParam("model", "dall-e-3").queryParam("size", "1792x1024").queryParam("quality", "hd")
                .when().get("/images/estimate")
                .then().statusCode(200)
                .body("model", equalTo("gpt-image-2.5-sunburst"))
                .body("requested_model", equalTo("dall-e-3"))
                .body("size", equalTo("1536x1024"))
                .body("quality", equalTo("high"))
                .body("n", equalTo(1))
                .body("price_kind", equalTo("token"))
                // 1,372 image tokens out at $30 and a 100-token prompt at $5, per 1M
                .body("estimated_output_tokens", equalTo(1372))
                .body("cost", equalTo(0.04166f));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "size=640x480              | size",
            "n=11                      | n",
            "n=three                   | n",
            "model=dall-e-3&n=11       | n",
            "background=transparent&output_format=jpeg | background",
            "model=no-such-model       | model" })
    void refusesAnEstimateForOptionsTheModelDoesNotTake(String query, String field) {
        var request = given().auth().oauth2(TestUser.create().token());
        for (String pair : query.split("&")) {
            request.queryParam(pair.split("=")[0], pair.split("=")[1]);
        }
        request.when().get("/images/estimate")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("validation"))
                .body("errors[0].field", equalTo(field));
    }

    @Test
    void reportsTheCallersUsageByDayWithTheTokensBilled() {
        TestUser user = TestUser.create();
        String settled = submit(user, "gpt-image-2.6-flare", "a lighthouse").then().statusCode(202)
                .extract().path("task_id");
        submit(user, "sketch-1", "a harbour").then().statusCode(202);
        publisher.publish(JobEvent.generated(new JobMessage(JobMessage.VERSION, UUID.fromString(settled), user.id(),
                "a lighthouse", "gpt-image-2.6-flare", "1024x1024", "medium", null, null, Instant.now(), 1),
                "a lighthouse", "gpt-image-2.6-flare", "1024x1024", "medium", new BigDecimal("0.03"),
                List.of("imagegen:claim:" + settled), "image/png", new TokenUsage(300, 200, 50, 0, 980, 20)))
                .await().indefinitely();

        await().untilAsserted(() -> given().auth().oauth2(user.token()).when().get("/usage/me")
                .then().statusCode(200)
                .body("images_today", equalTo(2))
                .body("daily_limit", equalTo(50))
                .body("month_spend", equalTo(0.05f))
                .body("monthly_limit", equalTo(10))
                .body("reserved", equalTo(0.02f))
                .body("input_tokens", equalTo(500))
                .body("output_tokens", equalTo(1000))
                .body("by_day", hasSize(1))
                .body("by_day[0].date", equalTo(LocalDate.now(ZoneOffset.UTC).toString()))
                .body("by_day[0].images", equalTo(2))
                .body("by_day[0].cost", equalTo(0.05f))
                .body("by_day[0].input_tokens", equalTo(500))
                .body("by_day[0].output_tokens", equalTo(1000)));
        given().auth().oauth2(TestUser.create().token()).when().get("/usage/me")
                .then().statusCode(200).body("images_today", equalTo(0)).body("input_tokens", equalTo(0))
                .body("by_day", hasSize(0));
    }

    @Test
    void usageNeedsAToken() {
        given().when().get("/usage/me").then().statusCode(401);
    }

    private static io.restassured.response.Response submit(TestUser user, String model, String prompt) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", prompt, "model", model, "size", "1024x1024"))
                .when().post("/images/generate");
    }
}
