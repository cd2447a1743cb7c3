package dev.imagegen.chat.auth;

import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A token the gateway revoked is refused here too, for a caller that reaches this service directly. */
@QuarkusTest
class RevokedTokenTest {

    private final RedisDataSource redis;
    private final StreamKeys keys;

    RevokedTokenTest(RedisDataSource redis, StreamKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Test
    void aDeletedUsersTokenIsRefusedWhileAnotherUsersStillWorks() {
        TestUser deleted = TestUser.create();
        TestUser other = TestUser.create();
        createThread(deleted).then().statusCode(201);

        redis.value(String.class).setex(keys.revoked(deleted.id()), 60, "1");

        createThread(deleted).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("account_deleted"));
        given().auth().oauth2(deleted.token()).when().get("/chat/threads").then().statusCode(401);
        createThread(other).then().statusCode(201);
    }

    @Test
    void aTokenWhoseRolesPredateAChangeIsRefused() {
        TestUser user = TestUser.create();
        redis.value(String.class).setex(keys.rolesChanged(user.id()), 60,
                Long.toString(System.currentTimeMillis() + 1_000));

        createThread(user).then().statusCode(401).body("code", equalTo("roles_changed"));
    }

    private static io.restassured.response.Response createThread(TestUser user) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("title", "a thread"))
                .when().post("/chat/threads");
    }
}
