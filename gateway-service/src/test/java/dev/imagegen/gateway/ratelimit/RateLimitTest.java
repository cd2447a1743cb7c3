package dev.imagegen.gateway.ratelimit;

import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

/**
 * The owning services are not running here (their URLs point at a closed port): a call the gateway forwards
 * answers 503 {@code upstream_unavailable}, so a 429 shows the call was refused before forwarding.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class RateLimitTest {

    private static final String PROBLEM = "application/problem+json";
    private static final Map<String, String> PROMPT = Map.of("prompt", "a lighthouse at dusk");

    /** Operations endpoints are on the management port, not the public one (the value is under its /q). */
    @TestHTTPResource(value = "/metrics", management = true)
    URL metricsUrl;

    @TestHTTPResource(value = "/health/live", management = true)
    URL health;

    @Inject
    RedisDataSource redis;

    @Inject
    StreamsConfig streams;

    @Inject
    Pool database;

    @Test
    void anAllowedCallCarriesTheRateLimitHeaders() {
        UUID user = UUID.randomUUID();

        Response first = usage(user);
        Response second = usage(user);

        first.then().statusCode(503)
                .header("RateLimit-Limit", String.valueOf(TightLimits.API_CAPACITY))
                .header("RateLimit-Remaining", String.valueOf(TightLimits.API_CAPACITY - 1))
                .header("RateLimit-Reset", "60"); // one token a minute refills the one taken
        second.then().header("RateLimit-Remaining", String.valueOf(TightLimits.API_CAPACITY - 2));
        assertThat(Long.parseLong(second.header("RateLimit-Reset"))).isBetween(119L, 120L);
        // The bucket lives in Redis under the streams prefix and vanishes once it would be full again.
        long ttl = redis.key().pttl(streams.prefix() + ":ratelimit:api:user:" + user);
        assertThat(ttl).isBetween(100_000L, 121_000L);
    }

    @Test
    void aBurstPastTheCapacityIsRefusedWithRetryAfterAndNotForwarded() {
        String token = TestTokens.valid(UUID.randomUUID());
        for (int i = 0; i < TightLimits.GENERATE_CAPACITY; i++) {
            generate(token).then().statusCode(503).body("code", equalTo("upstream_unavailable"));
        }

        Response refused = generate(token);

        refused.then().statusCode(429).contentType(PROBLEM)
                .body("title", equalTo("Too Many Requests"))
                .body("status", equalTo(429))
                .body("code", equalTo("rate_limited"))
                .body("detail", equalTo("Too many image requests; try again in " + refused.header("Retry-After")
                        + " seconds"))
                .header("RateLimit-Limit", String.valueOf(TightLimits.GENERATE_CAPACITY))
                .header("RateLimit-Remaining", "0")
                .header("RateLimit-Reset", refused.header("Retry-After"));
        // A token a minute: the next one is at most a minute away (less the time the burst took).
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(30L, 60L);
        // A chat message may start a job too, so it draws on the same bucket.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("content", "/image a cat"))
                .when().post("/chat/threads/" + UUID.randomUUID() + "/messages")
                .then().statusCode(429).body("code", equalTo("rate_limited"));
        assertThat(metrics()).containsPattern("imagegen_ratelimit_refusals_total\\{group=\"generate\"[^}]*} [1-9]");
    }

    @Test
    void oneUsersExhaustedBucketDoesNotLimitAnother() {
        UUID ann = UUID.randomUUID();
        for (int i = 0; i < TightLimits.API_CAPACITY; i++) {
            usage(ann).then().statusCode(503);
        }
        usage(ann).then().statusCode(429).body("detail", matchesPattern("Too many API requests; try again in \\d+ seconds"));

        usage(UUID.randomUUID()).then().statusCode(503)
                .header("RateLimit-Remaining", String.valueOf(TightLimits.API_CAPACITY - 1));
        // Other groups keep their own buckets.
        generate(TestTokens.valid(ann)).then().statusCode(503);
    }

    @Test
    void callsWithoutAValidTokenAreCountedByClientIp() {
        String[] tokens = { "garbage", TestTokens.expired(UUID.randomUUID()), TestTokens.wrongIssuer(UUID.randomUUID()) };
        for (int i = 0; i < TightLimits.API_CAPACITY; i++) {
            given().auth().oauth2(tokens[i % tokens.length]).when().get("/usage/me").then().statusCode(401);
        }

        // An unverified token cannot choose its own bucket: every bad token and no token share the IP's.
        given().auth().oauth2(TestTokens.expired(UUID.randomUUID())).when().get("/usage/me")
                .then().statusCode(429).contentType(PROBLEM);
        given().when().get("/images/gallery").then().statusCode(429);
        // Without quarkus.http.proxy.* a client cannot name another IP either.
        given().header("X-Forwarded-For", "203.0.113.7").header("Forwarded", "for=203.0.113.8")
                .when().get("/images/gallery").then().statusCode(429);
        usage(UUID.randomUUID()).then().statusCode(503);
    }

    @Test
    void loginIsLimitedPerClientIpAndARefusedSignUpCreatesNoAccount() {
        String intruder = TestTokens.valid(UUID.randomUUID());
        for (int i = 0; i < TightLimits.AUTH_CAPACITY; i++) {
            login("victim@example.test", "guess-" + i).then().statusCode(401);
        }

        Response refused = login("victim@example.test", "one-more-guess");

        refused.then().statusCode(429).contentType(PROBLEM)
                .body("detail", equalTo("Too many sign-in attempts; try again in " + refused.header("Retry-After")
                        + " seconds"));
        // A token does not move a sign-in to another bucket.
        given().auth().oauth2(intruder).contentType(ContentType.JSON)
                .body(Map.of("email", "victim@example.test", "password", "guess"))
                .when().post("/auth/login").then().statusCode(429);
        String email = "refused-" + UUID.randomUUID() + "@example.test";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "correct horse battery"))
                .when().post("/auth/register").then().statusCode(429);
        assertThat(accounts(email)).isZero();
    }

    @Test
    void anEmptiedBucketRefillsOverTime() {
        String link = "/s/" + UUID.randomUUID();
        for (int i = 0; i < TightLimits.SHARE_CAPACITY; i++) {
            given().when().get(link).then().statusCode(503);
        }
        given().when().get(link).then().statusCode(429).header("Retry-After", "1")
                .body("detail", equalTo("Too many shared-link requests; try again in 1 second"));

        // One token a second comes back; a refused call takes none, so polling does not delay it.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().when().get(link).statusCode() == 503);
    }

    @Test
    void theWebUiAndOperationsEndpointsAreNotLimited() {
        for (int i = 0; i < TightLimits.API_CAPACITY + 1; i++) {
            given().when().get(health).then().statusCode(200).header("RateLimit-Limit", nullValue());
        }
    }

    private static Response usage(UUID user) {
        return given().auth().oauth2(TestTokens.valid(user)).when().get("/usage/me");
    }

    private static Response generate(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(PROMPT)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/images/generate");
    }

    private static Response login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/auth/login");
    }

    private String metrics() {
        return given().when().get(metricsUrl).then().statusCode(200).extract().asString();
    }

    private long accounts(String email) {
        return database.preparedQuery("SELECT count(*) FROM gateway.users WHERE email = $1")
                .execute(Tuple.of(email)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }
}
