package dev.imagegen.gateway.account;

import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** A token issued before its account was deleted stops working at once, everywhere the gateway answers. */
@QuarkusTest
class DeletedAccountTokenTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String PROBLEM = "application/problem+json";
    private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

    @TestHTTPResource("/")
    URL server;

    @Inject
    Vertx vertx;

    @Inject
    RedisDataSource redis;

    @Inject
    StreamsConfig streams;

    private WebSocketClient client;

    @BeforeEach
    void createClient() {
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void closeClient() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void theOldTokenIsRefusedOnForwardedAndLocalRoutes() {
        String email = email();
        register(email);
        String token = login(email);
        given().auth().oauth2(token).when().get("/auth/me").then().statusCode(200);

        given().auth().oauth2(token).when().delete("/me").then().statusCode(204);

        given().auth().oauth2(token).when().get("/auth/me")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", INVALID_TOKEN)
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"))
                .body("detail", equalTo("This account has been deleted"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse"))
                .when().post("/images/generate")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", INVALID_TOKEN)
                .body("detail", equalTo("This account has been deleted"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("title", "again"))
                .when().post("/chat/threads")
                .then().statusCode(401).body("detail", equalTo("This account has been deleted"));
        given().auth().oauth2(token).when().delete("/me").then().statusCode(401);
    }

    @Test
    void theOldTokenCannotOpenTheProgressSocket() {
        String email = email();
        register(email);
        String token = login(email);
        given().auth().oauth2(token).when().delete("/me").then().statusCode(204);

        assertRefused(options("/ws/progress?access_token=" + token));
        assertRefused(options("/ws/progress").addHeader("Authorization", "Bearer " + token));
    }

    @Test
    void otherUsersAndTheReRegisteredAccountKeepWorking() throws Exception {
        String otherEmail = email();
        register(otherEmail);
        String other = login(otherEmail);
        String email = email();
        String oldId = register(email);
        String old = login(email);

        given().auth().oauth2(old).when().delete("/me").then().statusCode(204);

        given().auth().oauth2(other).when().get("/auth/me").then().statusCode(200).body("email", equalTo(otherEmail));
        // Past the gateway's check: the owning service (unreachable in these tests) is called.
        given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse"))
                .when().post("/images/generate").then().statusCode(503);
        String newId = register(email);
        assertThat(newId).isNotEqualTo(oldId);
        String renewed = login(email);
        given().auth().oauth2(renewed).when().get("/auth/me").then().statusCode(200).body("id", equalTo(newId));
        client.connect(options("/ws/progress?access_token=" + renewed)).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void theRevocationExpiresWithTheLastTokenItCouldConcern() {
        String email = email();
        String id = register(email);
        given().auth().oauth2(login(email)).when().delete("/me").then().statusCode(204);

        long ttl = redis.key().ttl(streams.prefix() + ":revoked:" + id);
        // The default token lifetime of an hour, plus a margin of minutes for clocks.
        assertThat(Duration.ofSeconds(ttl)).isGreaterThan(Duration.ofHours(1)).isLessThan(Duration.ofMinutes(70));
    }

    private String register(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/register").then().statusCode(201).extract().path("id");
    }

    private String login(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/login").then().statusCode(200).extract().path("access_token");
    }

    private static String email() {
        return "revoked-" + UUID.randomUUID() + "@example.test";
    }

    private void assertRefused(WebSocketConnectOptions options) {
        assertThatThrownBy(() -> client.connect(options).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(UpgradeRejectedException.class,
                        rejected -> assertThat(rejected.getStatus()).isEqualTo(401));
    }

    private WebSocketConnectOptions options(String uri) {
        return new WebSocketConnectOptions().setHost(server.getHost()).setPort(server.getPort()).setURI(uri);
    }
}
