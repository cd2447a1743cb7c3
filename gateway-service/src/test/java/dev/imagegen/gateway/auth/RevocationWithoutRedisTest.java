package dev.imagegen.gateway.auth;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Redis on a closed port: tokens are still accepted (the gateway stays available), but an account cannot be
 * deleted, since its tokens could not be refused afterwards.
 */
@QuarkusTest
@TestProfile(RevocationWithoutRedisTest.NoRedis.class)
class RevocationWithoutRedisTest {

    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1", "imagegen.ratelimit.enabled", "false");
        }
    }

    @Test
    void tokensAreAcceptedWhileRedisIsDown() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(TestTokens.valid(user)).when().get("/auth/me")
                .then().statusCode(200).body("id", equalTo(user.toString()));
    }

    @Test
    void anAccountIsNotReportedDeletedWhileRedisIsDown() {
        given().auth().oauth2(TestTokens.valid(UUID.randomUUID())).when().delete("/me")
                .then().statusCode(503).contentType("application/problem+json").body("code", equalTo("unavailable"));
    }
}
