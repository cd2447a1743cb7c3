package dev.imagegen.gallery.collection;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The database pool's wait queue is bounded (common's BoundedDatabasePool): with every connection taken and no room
 * to wait, a call is refused at once with a 503 problem and Retry-After, and served again once a connection frees.
 */
@QuarkusTest
@TestProfile(FullDatabasePoolTest.OneConnectionNoWaiting.class)
class FullDatabasePoolTest {

    public static class OneConnectionNoWaiting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "1", "imagegen.database.pool-waiting", "0");
        }
    }

    @Inject
    Pool pool;

    @Test
    void aCallFindingThePoolAndItsQueueFullIsA503ProblemWithRetryAfter() {
        String token = TestTokens.valid(UUID.randomUUID());
        SqlConnection held = pool.getConnection().await().indefinitely();
        try {
            given().auth().oauth2(token).when().get("/collections")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue()).body("code", equalTo("unavailable"));
        } finally {
            held.closeAndAwait();
        }
        given().auth().oauth2(token).when().get("/collections").then().statusCode(200);
    }
}
