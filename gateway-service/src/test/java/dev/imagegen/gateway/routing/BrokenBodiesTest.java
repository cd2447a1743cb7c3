package dev.imagegen.gateway.routing;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A caller that breaks off its body after the owner has already answered (an owner may refuse a call before reading
 * its body) leaves no half-sent request on a pooled connection: the next call on it gets its own answer, not a wait
 * while the owner reads it as the rest of the broken body.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokenBodiesTest.EarlyAnsweringOwner.class, restrictToAnnotatedClass = true)
class BrokenBodiesTest {

    private static final String COLLECTION = "/collections/" + UUID.randomUUID();

    @TestHTTPResource("/")
    URL gateway;

    private final String token = TestTokens.valid(UUID.randomUUID());

    @Test
    void aBodyBrokenOffAfterTheOwnersAnswerDoesNotSpoilTheNextCallOnItsConnection() throws IOException {
        byte[] start = "{\"description\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket caller = new Socket(gateway.getHost(), gateway.getPort())) {
            caller.setSoTimeout(5000);
            caller.getOutputStream().write(("PATCH " + COLLECTION + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token + "\r\nContent-Type: text/plain\r\nContent-Length: " + (start.length + 1000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            caller.getOutputStream().write(start);
            assertThat(statusLine(caller.getInputStream())).startsWith("HTTP/1.1 415");
        } // and leaves with 1,000 bytes of its body unsent

        // The pool holds one connection: the call after takes the one the broken call used, unless it was reset.
        given().auth().oauth2(token).contentType("application/json").body("{\"description\":\"y\"}")
                .when().patch(COLLECTION)
                .then().time(org.hamcrest.Matchers.lessThan(TimeUnit.SECONDS.toMillis(3))).statusCode(200)
                .body("description", equalTo("y"));
    }

    @Test
    void aCallerLeavingDuringAnAnswerThatNeverEndsDoesNotKeepTheConnection() throws IOException {
        try (Socket caller = new Socket(gateway.getHost(), gateway.getPort())) {
            caller.setSoTimeout(5000);
            caller.getOutputStream().write(("GET " + COLLECTION + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(statusLine(caller.getInputStream())).startsWith("HTTP/1.1 200");
        } // and leaves while the owner goes on sending

        // The rest of the answer is dropped for a moment, then the call to the owner is reset: the one connection frees.
        given().auth().oauth2(token).contentType("application/json").body("{\"description\":\"z\"}")
                .when().patch(COLLECTION)
                .then().time(org.hamcrest.Matchers.lessThan(TimeUnit.SECONDS.toMillis(4))).statusCode(200)
                .body("description", equalTo("z"));
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\r'; ) {
            line.append((char) c);
        }
        return line.toString();
    }

    /**
     * The gallery service as an owner that refuses a non-JSON body at once, before reading it (as Quarkus REST does
     * with a 415), echoes a JSON body's description once it has read all of it, and answers a GET with a JSON array
     * that never ends.
     */
    public static class EarlyAnsweringOwner implements QuarkusTestResourceLifecycleManager {

        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            vertx = Vertx.vertx();
            HttpServer server = vertx.createHttpServer().requestHandler(request -> {
                if (request.method() == HttpMethod.GET) {
                    request.response().setChunked(true).putHeader("Content-Type", "application/json").write("[");
                    long timer = vertx.setPeriodic(20, tick -> request.response().write("\"" + "x".repeat(8192) + "\","));
                    request.connection().closeHandler(closed -> vertx.cancelTimer(timer));
                    return;
                }
                if (!"application/json".equals(request.getHeader("Content-Type"))) {
                    request.response().setStatusCode(415).putHeader("Content-Type", "application/problem+json")
                            .end("{\"status\":415,\"detail\":\"JSON only\"}");
                    return;
                }
                request.body().onSuccess(body -> request.response().putHeader("Content-Type", "application/json")
                        .end(body.toString()));
            });
            int port = server.listen(0).toCompletionStage().toCompletableFuture().join().actualPort();
            return Map.of("imagegen.routing.gallery-url", "http://127.0.0.1:" + port,
                    "imagegen.routing.max-connections-per-service", "1",
                    "imagegen.routing.read-timeout", "5s");
        }

        @Override
        public void stop() {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
