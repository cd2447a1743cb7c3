package dev.imagegen.gateway.routing;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.common.testing.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's connections to the owning services are bounded pools with a bounded wait: a full pool answers a
 * clean 503 with Retry-After instead of queueing calls without end, and exports that clients read slowly hold only
 * the bulk pool, never the connections every other call needs.
 */
@QuarkusTest
@QuarkusTestResource(value = ConnectionPoolsTest.SmallPools.class, restrictToAnnotatedClass = true)
class ConnectionPoolsTest {

    /** Larger than what the loopback's socket buffers and the gateway's pipe hold, so a reader that stops stalls it. */
    private static final byte[] LARGE_EXPORT = new byte[48 * 1024 * 1024];

    @InjectWireMock
    WireMockServer owners;

    @TestHTTPResource("/")
    URI gateway;

    private final String token = TestTokens.valid(UUID.randomUUID());
    private final List<Socket> slowReaders = new ArrayList<>();

    @AfterEach
    void stopReading() throws IOException {
        for (Socket reader : slowReaders) {
            reader.close();
        }
    }

    @Test
    void exportsReadSlowlyLeaveShareLinksAndOtherCallsAnswering() throws Exception {
        owners.stubFor(get(urlEqualTo("/gallery/me/export")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/zip").withBody(LARGE_EXPORT)));
        String link = UUID.randomUUID().toString();
        owners.stubFor(get(urlEqualTo("/gallery/s/" + link)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(new byte[] { 1, 2, 3 })));
        owners.stubFor(get(urlEqualTo("/chat/chat/threads")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[],\"total\":0}")));

        // More slow export readers than the standard pool has connections: before the bulk pool they took them all.
        for (int i = 0; i < 3; i++) {
            slowReaders.add(startExportWithoutReading());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> owners.findAll(getRequestedFor(urlEqualTo("/gallery/me/export"))).size() == 1);

        // Answered while the exports stall (before the bulk pool these calls queued behind them for good).
        CompletableFuture<Response> share = CompletableFuture.supplyAsync(() -> given().when().get("/s/" + link).andReturn());
        assertThat(share.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(getLater("/chat/threads").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        Response refused = given().auth().oauth2(token).when().get("/me/export");
        assertBusy(refused, "All 1 connections for downloads");
    }

    @Test
    void aFullPoolAnswers503WithRetryAfterInsteadOfHanging() {
        owners.stubFor(get(urlPathMatching("/gallery/images/slow-[^/]+")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}").withFixedDelay(4000)));

        // Two calls hold both connections; the next waits in the one-place queue, the one after is refused.
        List<CompletableFuture<Response>> holding = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            holding.add(getLater("/images/slow-" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> owners
                .findAll(getRequestedFor(urlPathMatching("/gallery/images/slow-[^/]+"))).size() == 2);
        long start = System.nanoTime();
        CompletableFuture<Response> waiting = getLater("/images/slow-waiting");
        CompletableFuture<Response> refused = getLater("/images/slow-refused");

        // Whichever queued gives up after the acquire timeout (1 s), long before the owner answers (4 s).
        assertBusy(waiting.join(), "All 2 connections for calls");
        assertBusy(refused.join(), "All 2 connections for calls");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(owners.findAll(getRequestedFor(urlPathMatching("/gallery/images/slow-[^/]+")))).hasSize(2);

        holding.forEach(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        given().auth().oauth2(token).when().get("/images/slow-again").then().statusCode(200);
    }

    @Test
    void callersThatLeaveHalfWayThroughTheirBodyGiveTheirConnectionsBack() throws Exception {
        owners.stubFor(post(urlPathMatching("/gallery/collections")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));

        // More callers than the pool has connections, each announcing a body it never finishes, then leaving.
        for (int i = 0; i < 4; i++) {
            try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
                socket.getOutputStream().write(("POST /collections HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                        + "Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n"
                        + "{\"name\":").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(300); // forwarded and holding a connection to the owner
            }
        }

        // Well within the 30 s read timeout those connections would otherwise be held for.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().auth().oauth2(token)
                .contentType("application/json").body("{\"name\":\"storms\"}")
                .when().post("/collections").then().statusCode(201));
    }

    private static void assertBusy(Response response, String pool) {
        response.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "1");
        assertThat(response.jsonPath().getString("code")).isEqualTo("gateway_busy");
        assertThat(response.jsonPath().getString("detail")).isEqualTo(pool + " to the gallery service are in use; try again in 1 second");
    }

    private CompletableFuture<Response> getLater(String path) {
        return CompletableFuture.supplyAsync(() -> given().auth().oauth2(token).when().get(path).andReturn());
    }

    /** A client that asks for its export and then reads nothing, like a slow phone on a bad line. */
    private Socket startExportWithoutReading() throws IOException {
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        socket.setReceiveBufferSize(4096);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /me/export HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Pools small enough for a test to fill: 2 connections (1 waiting) for calls, 1 (none waiting) for downloads. */
    public static class SmallPools extends OwnersWireMockResource {

        @Override
        protected Map<String, String> config(WireMockServer server) {
            Map<String, String> config = new HashMap<>(super.config(server));
            config.put("imagegen.routing.max-connections-per-service", "2");
            config.put("imagegen.routing.max-waiting-per-service", "1");
            config.put("imagegen.routing.acquire-timeout", "1s");
            config.put("imagegen.routing.bulk.max-connections-per-service", "1");
            config.put("imagegen.routing.bulk.max-waiting-per-service", "0");
            // A stalled reader stops the owner's stream: it must not count as the owner falling silent.
            config.put("imagegen.routing.read-timeout", "30s");
            return config;
        }
    }
}
