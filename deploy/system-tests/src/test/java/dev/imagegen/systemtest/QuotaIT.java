package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** A user's daily limit, refused through the gateway with the problem and headers a client needs. */
@ExtendWith(Suite.class)
class QuotaIT {

    @Test
    void theImageAfterTheDailyLimitIsRefusedWithRetryAfter() throws SQLException {
        SuiteUser user = SuiteUser.register();
        limitDailyImages(user.id(), 2);

        submit(user).then().statusCode(202);
        submit(user).then().statusCode(202);
        Response refused = submit(user);

        refused.then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("quota_exceeded"))
                .body("limit", equalTo("daily_images"))
                .body("used", equalTo("2"))
                .body("max", equalTo("2"))
                .body("resets_at", notNullValue());
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 86_400L);
        user.request().when().get("/usage/me")
                .then().statusCode(200)
                .body("images_today", equalTo(2))
                .body("daily_limit", equalTo(2));
        // gpt-image-2.6-flare at high quality: 100 prompt tokens at $5 and 1,756 image tokens at $30 per 1M, twice
        String cost = user.request().queryParam("quality", "high").queryParam("n", 2).when().get("/images/estimate")
                .then().statusCode(200)
                .body("model", equalTo("gpt-image-2.6-flare"))
                .body("remaining_images_today", equalTo(0))
                .extract().jsonPath().getString("cost");
        assertThat(new java.math.BigDecimal(cost)).isEqualByComparingTo("0.10636");
    }

    private static Response submit(SuiteUser user) {
        return user.request().contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse at dusk"))
                .when().post("/images/generate");
    }

    private static void limitDailyImages(UUID userId, int images) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:" + Suite.DATABASE_URL, "imagegen", "imagegen");
                PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO generation.quota_accounts (user_id, daily_images) VALUES (?, ?)")) {
            insert.setObject(1, userId);
            insert.setInt(2, images);
            insert.executeUpdate();
        }
    }
}
