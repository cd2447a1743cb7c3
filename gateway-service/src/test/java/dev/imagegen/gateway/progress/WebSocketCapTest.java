package dev.imagegen.gateway.progress;

import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gateway.ratelimit.TightLimits;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Future;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(TightLimits.class)
class WebSocketCapTest {

    @TestHTTPResource("/")
    URL server;

    @Inject
    Vertx vertx;

    @Inject
    ProgressHub hub;

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
    void refusesTheUpgradePastTheCapUntilAConnectionCloses() throws Exception {
        UUID ann = UUID.randomUUID();
        List<WebSocket> open = new ArrayList<>();
        for (int i = 0; i < TightLimits.WEBSOCKETS_PER_USER; i++) {
            open.add(result(connect(ann)));
        }
        // The server counts a connection once it has opened, just after the client sees the handshake.
        await().atMost(Duration.ofSeconds(10)).until(() -> !hub.hasRoomFor(ann));

        assertThatThrownBy(() -> result(connect(ann)))
                .cause().isInstanceOfSatisfying(UpgradeRejectedException.class,
                        rejected -> assertThat(rejected.getStatus()).isEqualTo(429));
        result(connect(UUID.randomUUID())); // the cap is each user's own

        result(open.get(0).close());
        // The server forgets the connection when it sees the close, just after the client does.
        WebSocket again = await().atMost(Duration.ofSeconds(10))
                .ignoreExceptionsInstanceOf(ExecutionException.class)
                .until(() -> result(connect(ann)), socket -> socket != null);
        assertThat(again.isClosed()).isFalse();
    }

    @Test
    void upgradesAtOnceNeverLeaveMoreThanTheCapOpen() {
        UUID bob = UUID.randomUUID();
        List<Future<WebSocket>> attempts = new ArrayList<>();
        for (int i = 0; i < 3 * TightLimits.WEBSOCKETS_PER_USER; i++) {
            attempts.add(connect(bob));
        }
        List<WebSocket> connected = new ArrayList<>();
        for (Future<WebSocket> attempt : attempts) {
            try {
                connected.add(result(attempt));
            } catch (ExecutionException refused) {
                assertThat(refused.getCause()).isInstanceOfSatisfying(UpgradeRejectedException.class,
                        rejected -> assertThat(rejected.getStatus()).isEqualTo(429));
            }
        }

        // An upgrade that passed the check beside another is closed as it opens, beyond the cap.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> connected.stream().filter(socket -> !socket.isClosed()).count()
                        == TightLimits.WEBSOCKETS_PER_USER);
        assertThat(hub.hasRoomFor(bob)).isFalse();
    }

    private Future<WebSocket> connect(UUID user) {
        return client.connect(new WebSocketConnectOptions().setHost(server.getHost()).setPort(server.getPort())
                .setURI("/ws/progress?access_token=" + TestTokens.valid(user)));
    }

    private static <T> T result(Future<T> future) throws ExecutionException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
