package dev.imagegen.systemtest.browser;

import dev.imagegen.systemtest.Suite;
import dev.imagegen.systemtest.SuiteUser;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway a browser is connected to restarts: the app reconnects by itself, resumes after the last event it
 * saw, and the page catches up with what happened meanwhile, without a reload.
 */
@ExtendWith(Suite.class)
class ReconnectBrowserIT {

    private static final String PASSWORD = "correct horse battery staple";
    /** One free port for both lives of the second gateway, so the browser reconnects to the same address. */
    private final int port = freePort();
    private final String address = "http://127.0.0.1:" + port;
    private Process gateway;

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.destroyForcibly();
        }
    }

    @Test
    void aRestartedGatewayIsReconnectedAndThePageCatchesUp() throws Exception {
        startGateway();
        String email = "reconnect-" + UUID.randomUUID() + "@example.test";
        try (Browser browser = Browser.open("reconnect", Browser.DESKTOP, address)) {
            browser.register(email, PASSWORD);
            SuiteUser api = login(email);
            browser.go("/app/usage");
            browser.awaitText("#images-today-text", "0 of ");
            browser.script("window.sameDocument = true");

            // Live: a job finished elsewhere updates the page through the WebSocket.
            api.generateAndWait("a lighthouse at dusk");
            browser.awaitText("#images-today-text", "1 of ");

            // The gateway goes away; an image is made meanwhile; the gateway comes back.
            gateway.destroy();
            gateway.waitFor();
            api.generateAndWait("a red fox asleep in the snow");
            startGateway();

            browser.awaitText("#images-today-text", "2 of ");
            assertThat(browser.script("return window.sameDocument")).as("the page was not reloaded").isEqualTo(true);
            browser.screenshot("01-caught-up");
        }
    }

    private void startGateway() throws IOException {
        gateway = Suite.startExtra("gateway-service", port);
        Suite.awaitReady(port, gateway);
    }

    /** The same person through the suite's own gateway, to make images while the browser's gateway is down. */
    private static SuiteUser login(String email) {
        String token = given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/login")
                .then().statusCode(200).extract().path("access_token");
        String id = given().baseUri(Suite.GATEWAY).auth().oauth2(token).get("/auth/me")
                .then().statusCode(200).extract().path("id");
        return new SuiteUser(email, token, UUID.fromString(id));
    }
}
