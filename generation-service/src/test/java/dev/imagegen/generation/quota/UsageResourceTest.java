package dev.imagegen.generation.quota;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class UsageResourceTest {

    @Inject
    EventPublisher publisher;

    @Test
    void estimatesThePriceAndWhatIsLeft() throws Throwable {
        TestUser user = TestUser.create();
        QuotaLedgerTest.limits(user.id(), 3, new BigDecimal("1.00"));

        given().auth().oauth2(user.token())
                .queryParam("model", "dall-e-3").queryParam("size", "1792x1024").queryParam("quality", "hd")
                .when().get("/images/estimate")
                .then().statusCode(200)
                .body("cost", equalTo(0.12f))
                .body("remaining_images_today", equalTo(3))
                .body("remaining_budget_month", equalTo(1.0f));
        submit(user, "hd").then().statusCode(202);

        given().auth().oauth2(user.token()).when().get("/images/estimate")
                .then().statusCode(200)
                .body("cost", equalTo(0.04f))
                .body("remaining_images_today", equalTo(2))
                .body("remaining_budget_month", equalTo(0.92f));
    }

    @Test
    void refusesAnEstimateForOptionsTheModelDoesNotTake() {
        given().auth().oauth2(TestUser.create().token()).queryParam("size", "640x480")
                .when().get("/images/estimate")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("size"));
    }

    @Test
    void reportsTheCallersUsageByDay() {
        TestUser user = TestUser.create();
        String settled = submit(user, "standard").then().statusCode(202).extract().path("task_id");
        submit(user, "hd").then().statusCode(202);
        publisher.publish(JobEvent.generated(new JobMessage(JobMessage.VERSION, UUID.fromString(settled), user.id(),
                "a lighthouse", "dall-e-3", "1024x1024", "standard", "vivid", null, Instant.now(), 1), "a lighthouse",
                "dall-e-3", new BigDecimal("0.03"), "imagegen:claim:" + settled, "image/png")).await().indefinitely();

        await().untilAsserted(() -> given().auth().oauth2(user.token()).when().get("/usage/me")
                .then().statusCode(200)
                .body("images_today", equalTo(2))
                .body("daily_limit", equalTo(50))
                .body("month_spend", equalTo(0.11f))
                .body("monthly_limit", equalTo(10))
                .body("reserved", equalTo(0.08f))
                .body("by_day", hasSize(1))
                .body("by_day[0].date", equalTo(LocalDate.now(ZoneOffset.UTC).toString()))
                .body("by_day[0].images", equalTo(2))
                .body("by_day[0].cost", equalTo(0.11f)));
        given().auth().oauth2(TestUser.create().token()).when().get("/usage/me")
                .then().statusCode(200).body("images_today", equalTo(0)).body("by_day", hasSize(0));
    }

    @Test
    void usageNeedsAToken() {
        given().when().get("/usage/me").then().statusCode(401);
    }

    private static io.restassured.response.Response submit(TestUser user, String quality) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse", "size", "1024x1024", "quality", quality))
                .when().post("/images/generate");
    }
}
