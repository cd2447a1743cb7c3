package dev.imagegen.gateway.routing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.imagegen.common.testing.RawHttp;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.common.testing.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the HTTP layer refuses before any route runs, and the owners' bodiless refusals, reach the client in
 * problem+json like every other refusal; nothing is left unanswered.
 */
@QuarkusTest
@QuarkusTestResource(value = OwnersWireMockResource.class, restrictToAnnotatedClass = true)
class HttpLayerRefusalsTest {

    private static final String PROBLEM = "application/problem+json";

    @InjectWireMock
    WireMockServer owners;

    @TestHTTPResource("/")
    URL gateway;

    private static final UUID IMAGE = UUID.randomUUID();

    private final String token = TestTokens.valid(UUID.randomUUID());

    @Test
    void aBodyDeclaredAboveTheLimitIsRefused413BeforeAnyOwnerHearsOfIt() throws IOException {
        owners.resetRequests();
        String answer = raw("POST /images/generate HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: 1099511627776\r\n"
                + "Expect: 100-continue\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: " + PROBLEM)
                .contains("\"code\":\"too_large\"").containsIgnoringCase("connection: close");
        owners.verify(0, anyRequestedFor(urlPathEqualTo("/generation/images/generate")));
    }

    @Test
    void aChunkedBodyPastTheLimitToTheGatewaysOwnResourceIsA413Problem() throws IOException {
        String answer = RawHttp.sendChunked(gateway, "POST /auth/register HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", 12, false); // > 10 MiB

        assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: " + PROBLEM)
                .contains("\"code\":\"too_large\"");
    }

    @Test
    void aChunkedBodyWithinTheLimitStillReachesTheGatewaysOwnResource() {
        String email = "chunked-" + UUID.randomUUID() + "@example.test";
        // a stream of unknown length goes out chunked
        given().contentType("application/json").body(new java.io.ByteArrayInputStream(("{\"email\":\"" + email
                + "\",\"password\":\"correct horse battery staple\"}").getBytes(StandardCharsets.UTF_8)))
                .when().post("/auth/register")
                .then().statusCode(201);
    }

    @Test
    void anOwnerDroppingAChunkedBodyPastTheLimitIsA413NotAnOutage() throws IOException {
        owners.stubFor(post(urlPathEqualTo("/gallery/images/" + IMAGE + "/report"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String answer = RawHttp.sendChunked(gateway, "POST /images/" + IMAGE + "/report HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", 11, true);

        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"too_large\"");
    }

    @Test
    void anOwnersBodilessRefusalReachesTheClientAsAProblem() {
        // How Quarkus refuses a chunked body past its limit: a 413 and nothing else.
        owners.stubFor(post(urlPathEqualTo("/chat/chat/threads")).willReturn(aResponse().withStatus(413)
                .withHeader("Connection", "close").withHeader("Content-Length", "0")));

        given().auth().oauth2(token).contentType("application/json").body("{\"title\":\"big\"}")
                .when().post("/chat/threads")
                .then().statusCode(413).contentType(PROBLEM).body("code", Matchers.equalTo("too_large"))
                .body("detail", Matchers.containsString("larger than the chat service takes"));
    }

    @Test
    void aRequestWithoutAHostIsA400Problem() throws IOException {
        String answer = raw("GET /usage/me HTTP/1.1\r\nAuthorization: Bearer " + token
                + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: " + PROBLEM)
                .contains("Host");
    }

    @Test
    void aCleartextHttp2UpgradeIsAnsweredInHttp11() throws IOException {
        String answer = raw("GET /ws/progress HTTP/1.1\r\nHost: localhost\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nConnection: Upgrade, HTTP2-Settings, close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 4").doesNotStartWith("HTTP/1.1 101");
    }

    private String raw(String request) throws IOException {
        return RawHttp.exchange(gateway, request);
    }
}
