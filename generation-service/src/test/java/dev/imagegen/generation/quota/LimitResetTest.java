package dev.imagegen.generation.quota;

import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The daily limit resets at UTC midnight and the monthly one on the 1st, on the service's clock. */
@QuarkusTest
class LimitResetTest {

    @AfterEach
    void putTheClockBack() {
        MovableClock.reset();
    }

    @Test
    void theDailyLimitResetsAtUtcMidnight() throws Throwable {
        TestUser user = TestUser.create();
        LedgerRows.limits(user.id(), 1, null);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        Instant midnight = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        MovableClock.moveTo(midnight.minusSeconds(20));

        submit(user).then().statusCode(202);
        Response refused = submit(user);

        refused.then().statusCode(429).body("limit", equalTo("daily_images")).body("used", equalTo("1"));
        assertThat(resetsAt(refused)).isEqualTo(midnight);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);
        given().auth().oauth2(user.token()).when().get("/usage/me")
                .then().statusCode(200).body("images_today", equalTo(1));

        MovableClock.moveTo(midnight.plusSeconds(1));

        given().auth().oauth2(user.token()).when().get("/usage/me")
                .then().statusCode(200).body("images_today", equalTo(0));
        submit(user).then().statusCode(202);
        Response tomorrow = submit(user);
        tomorrow.then().statusCode(429).body("limit", equalTo("daily_images"));
        assertThat(resetsAt(tomorrow)).isEqualTo(midnight.plus(Duration.ofDays(1)));
    }

    @Test
    void theMonthlyBudgetResetsOnTheFirstOfTheMonth() throws Throwable {
        TestUser user = TestUser.create();
        LedgerRows.limits(user.id(), null, new BigDecimal("0.02"));
        YearMonth month = YearMonth.now(ZoneOffset.UTC).plusMonths(2);
        Instant nextMonth = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        MovableClock.moveTo(nextMonth.minusSeconds(20));

        submit(user).then().statusCode(202);
        Response refused = submit(user);

        refused.then().statusCode(429).body("limit", equalTo("monthly_cost")).body("used", equalTo("0.020000"));
        assertThat(resetsAt(refused)).isEqualTo(nextMonth);
        assertThat(refused.header("Retry-After")).isNull();

        MovableClock.moveTo(nextMonth.plusSeconds(1));

        submit(user).then().statusCode(202);
    }

    private static Instant resetsAt(Response refused) {
        return Instant.parse(refused.jsonPath().getString("resets_at"));
    }

    /** One image of the test profile's per-image model: $0.02. */
    private static Response submit(TestUser user) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse at dusk", "model", "sketch-1", "size", "1024x1024"))
                .when().post("/images/generate");
    }
}
