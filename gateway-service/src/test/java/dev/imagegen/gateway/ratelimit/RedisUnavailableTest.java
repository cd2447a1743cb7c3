package dev.imagegen.gateway.ratelimit;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Redis on a closed port: limits are an aid, so calls go through rather than fail with the limiter. */
@QuarkusTest
@TestProfile(RedisUnavailableTest.NoRedis.class)
class RedisUnavailableTest {

    private static final Pattern FAILURES = Pattern.compile("imagegen_ratelimit_redis_failures_total(?:\\{[^}]*})? (\\S+)");

    /** Operations endpoints are on the management port, not the public one (the value is under its /q). */
    @TestHTTPResource(value = "/metrics", management = true)
    URL metricsUrl;

    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1",
                    "imagegen.ratelimit.groups.generate.capacity", "1",
                    "imagegen.ratelimit.groups.generate.refill-per-minute", "1");
        }
    }

    @Test
    void callsGoThroughUnlimitedAndAreCounted() {
        double before = failures();
        String token = TestTokens.valid(UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse"))
                    .when().post("/images/generate")
                    .then().statusCode(503).body("code", equalTo("upstream_unavailable"))
                    .header("RateLimit-Limit", nullValue());
        }
        assertThat(failures()).isGreaterThanOrEqualTo(before + 3);
    }

    private double failures() {
        String metrics = given().when().get(metricsUrl).then().statusCode(200).extract().asString();
        Matcher matcher = FAILURES.matcher(metrics);
        assertThat(matcher.find()).as("the failures counter is exported").isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
