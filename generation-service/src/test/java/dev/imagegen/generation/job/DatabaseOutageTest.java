package dev.imagegen.generation.job;

import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * PostgreSQL refusing connections (stopped, restarting): a request that needs it is a 503 the client may retry,
 * in problem+json with {@code Retry-After}, never a bare 500.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.NoDatabase.class)
class DatabaseOutageTest {

    /** Nothing listens on port 9 (discard) here: every connection is refused, as during a restart. */
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:9/imagegen",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:9/imagegen",
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "none");
        }
    }

    @Test
    void aSubmitWhileTheDatabaseIsAwayIsA503ToRetry() {
        given().auth().oauth2(TestUser.create().token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse at dusk"))
                .when().post("/images/generate")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                .body("code", equalTo("unavailable"));
    }

    @Test
    void aReadWhileTheDatabaseIsAwayIsA503Too() {
        given().auth().oauth2(TestUser.create().token()).when().get("/usage/me")
                .then().statusCode(503).contentType("application/problem+json").body("status", equalTo(503));
    }
}
