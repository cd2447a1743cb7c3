package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

/** The packaged gateway's default buckets, on answers relayed from the real owning services. */
@ExtendWith(Suite.class)
class RateLimitIT {

    @Test
    void relayedAnswersCarryTheCallersRateLimit() {
        SuiteUser user = SuiteUser.register();

        user.request().when().get("/usage/me")
                .then().statusCode(200)
                .header("RateLimit-Limit", "300")
                .header("RateLimit-Remaining", "299");
        user.request().contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse at dusk"))
                .when().post("/images/generate")
                .then().statusCode(202)
                .header("RateLimit-Limit", String.valueOf(Suite.GENERATE_BURST))
                .header("RateLimit-Remaining", String.valueOf(Suite.GENERATE_BURST - 1))
                .header("RateLimit-Reset", "3"); // 20 a minute: the token taken is back in three seconds
        // Two of 300 taken, less what refilled meanwhile (a token every 200 ms).
        user.request().when().get("/usage/me")
                .then().statusCode(200).header("RateLimit-Remaining", oneOf("298", "299"))
                .body("images_today", equalTo(1));
    }
}
