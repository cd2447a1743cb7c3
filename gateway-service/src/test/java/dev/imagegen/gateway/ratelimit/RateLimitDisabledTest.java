package dev.imagegen.gateway.ratelimit;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(RateLimitDisabledTest.Disabled.class)
class RateLimitDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagegen.ratelimit.enabled", "false",
                    "imagegen.ratelimit.groups.generate.capacity", "1",
                    "imagegen.ratelimit.groups.generate.refill-per-minute", "1");
        }
    }

    @Test
    void everyCallGoesThroughWithoutRateLimitHeaders() {
        String token = TestTokens.valid(UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse"))
                    .when().post("/images/generate")
                    .then().statusCode(503).body("code", equalTo("upstream_unavailable"))
                    .header("RateLimit-Limit", nullValue());
        }
    }
}
