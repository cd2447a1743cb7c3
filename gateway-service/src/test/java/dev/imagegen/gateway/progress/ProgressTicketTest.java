package dev.imagegen.gateway.progress;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The web app opens its progress socket with a single-use ticket instead of its JWT in the URL; old clients keep
 * the {@code ?access_token=} they use; a deleted account's open sockets are closed.
 */
@QuarkusTest
class ProgressTicketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL server;

    @Inject
    Vertx vertx;

    @Inject
    EventPublisher publisher;

    @Inject
    ProgressHub hub;

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
    void aTicketOpensOneSocketOnceAndOnlyForItsUser() throws Exception {
        UUID ann = UUID.randomUUID();
        String ticket = ticket(TestTokens.valid(ann));

        List<String> received = new CopyOnWriteArrayList<>();
        WebSocket socket = connect("/ws/progress?ticket=" + ticket);
        socket.textMessageHandler(received::add);
        await().atMost(WAIT).until(() -> hub.isListening(ann));
        publisher.publish(JobEvent.queued(job(ann))).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0)).contains("\"type\":\"queued\"");

        assertRefused("/ws/progress?ticket=" + ticket);
        assertRefused("/ws/progress?ticket=made-up");
    }

    @Test
    void aTicketLivesHalfAMinuteAndAnExpiredOneIsRefused() {
        String ticket = ticket(TestTokens.valid(UUID.randomUUID()));
        String key = streams.prefix() + ":ws-ticket:" + ticket;
        assertThat(redis.key().ttl(key)).isBetween(1L, 30L);

        redis.key().pexpire(key, 1); // what 30 seconds do
        await().atMost(WAIT).until(() -> !redis.key().exists(key));
        assertRefused("/ws/progress?ticket=" + ticket);
    }

    @Test
    void onlyAValidTokenGetsATicket() {
        UUID ann = UUID.randomUUID();
        given().when().post("/ws/tickets").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.expired(ann)).when().post("/ws/tickets").then().statusCode(401);
        given().auth().oauth2("garbage").when().post("/ws/tickets").then().statusCode(401);
    }

    @Test
    void existingClientsStillOpenTheSocketWithTheTokenInTheQuery() throws Exception {
        UUID ann = UUID.randomUUID();
        connect("/ws/progress?access_token=" + TestTokens.valid(ann));
        await().atMost(WAIT).until(() -> hub.isListening(ann));
    }

    @Test
    void deletingTheAccountClosesItsOpenSocketsAndTheyCannotReopen() throws Exception {
        String email = "ticket-" + UUID.randomUUID() + "@example.test";
        Map<String, String> credentials = Map.of("email", email, "password", "correct horse battery");
        UUID id = UUID.fromString(given().contentType(ContentType.JSON).body(credentials).when().post("/auth/register")
                .then().statusCode(201).extract().path("id"));
        String token = given().contentType(ContentType.JSON).body(credentials).when().post("/auth/login")
                .then().statusCode(200).extract().path("access_token");
        String ticket = ticket(token);
        WebSocket socket = connect("/ws/progress?ticket=" + ticket);
        await().atMost(WAIT).until(() -> hub.isListening(id));

        given().auth().oauth2(token).when().delete("/me").then().statusCode(204);

        await().atMost(WAIT).until(socket::isClosed);
        assertThat(socket.closeStatusCode()).isEqualTo((short) 1008);
        assertThat(hub.isListening(id)).isFalse();
        given().auth().oauth2(token).when().post("/ws/tickets").then().statusCode(401)
                .body("detail", equalTo("This account has been deleted"));
        assertRefused("/ws/progress?access_token=" + token);
    }

    private String ticket(String token) {
        return given().auth().oauth2(token).when().post("/ws/tickets")
                .then().statusCode(200).contentType(ContentType.JSON).body("expires_in", equalTo(30))
                .extract().path("ticket");
    }

    private WebSocket connect(String uri) throws Exception {
        return client.connect(options(uri)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void assertRefused(String uri) {
        assertThatThrownBy(() -> connect(uri))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(UpgradeRejectedException.class,
                        rejected -> assertThat(rejected.getStatus()).isEqualTo(401));
    }

    private WebSocketConnectOptions options(String uri) {
        return new WebSocketConnectOptions().setHost(server.getHost()).setPort(server.getPort()).setURI(uri);
    }

    private static JobMessage job(UUID user) {
        return new JobMessage(JobMessage.VERSION, UUID.randomUUID(), user, "a lighthouse", "dall-e-3", "1024x1024",
                "standard", "vivid", null, Instant.now(), 1);
    }
}
