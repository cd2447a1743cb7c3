package dev.imagegen.gateway.routing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.common.testing.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.util.Random;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's forwarding against stand-ins for the owning services: what reaches them and what comes back. */
@QuarkusTest
@QuarkusTestResource(value = OwnersWireMockResource.class, restrictToAnnotatedClass = true)
class ForwardingTest {

    private static final String PROBLEM = "application/problem+json";

    @InjectWireMock
    WireMockServer owners;

    /** Operations endpoints are on the management port, not the public one (the value is under its /q). */
    @TestHTTPResource(value = "/metrics", management = true)
    URL metricsUrl;

    @TestHTTPResource(value = "/", management = true)
    URL operations;

    private final String token = TestTokens.valid(UUID.randomUUID());

    @Test
    void theCallReachesItsOwnerWithPathQueryBodyAndHeaders() {
        String key = UUID.randomUUID().toString();
        owners.stubFor(post(urlPathEqualTo("/generation/images/generate"))
                .withHeader("Idempotency-Key", equalTo(key))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withHeader("Location", "http://generation-service:8081/images/tasks/" + key + "/status?v=1")
                        .withHeader("Retry-After", "3").withHeader("Cache-Control", "no-store")
                        .withHeader("X-Internal-Node", "generation-7")
                        .withBody("{\"task_id\":\"" + key + "\",\"status\":\"pending\"}")));

        given().auth().oauth2(token).contentType("application/json").accept("application/json, application/problem+json")
                .header("Idempotency-Key", key).header("Cookie", "session=secret").header("X-Forwarded-Host", "evil")
                .urlEncodingEnabled(false).body("{\"prompt\": \"a lighthouse at dusk\"}")
                .when().post("/images/generate?dry=1&tag=a%20b&tag=c")
                .then().statusCode(202).contentType("application/json")
                .header("Location", "/images/tasks/" + key + "/status?v=1")
                .header("Retry-After", "3").header("Cache-Control", "no-store")
                .header("X-Internal-Node", (String) null)
                .body("task_id", Matchers.equalTo(key));

        owners.verify(1, postRequestedFor(urlEqualTo("/generation/images/generate?dry=1&tag=a%20b&tag=c"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", absent()) // the app's JSON Accept would make a download 406
                .withHeader("Idempotency-Key", equalTo(key))
                .withHeader("Cookie", absent()).withHeader("X-Forwarded-Host", absent())
                .withRequestBody(equalToJson("{\"prompt\": \"a lighthouse at dusk\"}")));
    }

    @Test
    void aForwardedHeaderThatIsNotPrintableAsciiIsTheCallersErrorNotAnOutage() {
        String task = UUID.randomUUID().toString();

        // Bytes 0xFF 0xFE, which the HTTP client would refuse to pass on.
        given().auth().oauth2(token).header("Idempotency-Key", "key-\u00ff\u00fe")
                .when().get("/images/tasks/" + task + "/status")
                .then().statusCode(400).contentType(PROBLEM).body("code", Matchers.equalTo("invalid_header"))
                .body("detail", Matchers.containsString("Idempotency-Key"));
        owners.verify(0, getRequestedFor(urlPathEqualTo("/generation/images/tasks/" + task + "/status")));
    }

    @Test
    void anUnchangedImageIsAnswered304WithItsETag() {
        String image = UUID.randomUUID().toString();
        owners.stubFor(get(urlEqualTo("/gallery/images/" + image + "/thumbnail"))
                .withHeader("If-None-Match", equalTo("\"v1\""))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"v1\"")
                        .withHeader("Cache-Control", "private, max-age=3600")));

        Response answer = given().auth().oauth2(token).header("If-None-Match", "\"v1\"")
                .when().get("/images/" + image + "/thumbnail");

        assertThat(answer.statusCode()).isEqualTo(304);
        assertThat(answer.header("ETag")).isEqualTo("\"v1\"");
        assertThat(answer.header("Cache-Control")).isEqualTo("private, max-age=3600");
        assertThat(answer.asByteArray()).isEmpty();
    }

    @Test
    void anOwnersProblemReachesTheClientUnchanged() {
        String thread = UUID.randomUUID().toString();
        String problem = "{\"type\":\"urn:imagegen:not_found\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"Thread not found\",\"code\":\"not_found\"}";
        owners.stubFor(get(urlEqualTo("/chat/chat/threads/" + thread))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", PROBLEM).withBody(problem)));

        given().auth().oauth2(token).when().get("/chat/threads/" + thread)
                .then().statusCode(404).contentType(PROBLEM)
                .body(Matchers.equalTo(problem));
    }

    @Test
    void anOwnerThatDoesNotAnswerInTimeIsReported503() {
        owners.stubFor(get(urlEqualTo("/generation/usage/me"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("{}")));

        given().auth().oauth2(token).when().get("/usage/me")
                .then().statusCode(503).contentType(PROBLEM)
                .body("code", Matchers.equalTo("upstream_unavailable"))
                .body("detail", Matchers.equalTo("The generation service is unavailable; try again shortly"));
    }

    @Test
    void aLargeExportStreamsThroughWholeWithItsDownloadHeaders() {
        byte[] zip = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(zip);
        owners.stubFor(get(urlEqualTo("/gallery/me/export"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/zip")
                        .withHeader("Content-Disposition", "attachment; filename=\"imagegen-gallery.zip\"")
                        .withHeader("Cache-Control", "no-store").withChunkedDribbleDelay(20, 200).withBody(zip)));

        Response answer = given().auth().oauth2(token).when().get("/me/export");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/zip");
        assertThat(answer.header("Content-Disposition")).isEqualTo("attachment; filename=\"imagegen-gallery.zip\"");
        assertThat(answer.asByteArray()).isEqualTo(zip);
    }

    @Test
    void aShareLinkIsForwardedWithoutAToken() {
        String link = "tok-" + UUID.randomUUID();
        owners.stubFor(get(urlEqualTo("/gallery/s/" + link + "?format=webp"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/webp").withBody("RIFF")));

        given().when().get("/s/" + link + "?format=webp")
                .then().statusCode(200).contentType("image/webp").body(Matchers.equalTo("RIFF"));
        owners.verify(1, getRequestedFor(urlEqualTo("/gallery/s/" + link + "?format=webp"))
                .withHeader("Authorization", absent()));
    }

    @Test
    void aDeadShareLinkOpenedInABrowserGetsThePageItsOwnerWrote() {
        String link = "tok-" + UUID.randomUUID();
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        owners.stubFor(get(urlEqualTo("/gallery/s/" + link)).withHeader("Accept", equalTo(browser))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/html;charset=UTF-8")
                        .withHeader("Content-Security-Policy", "default-src 'none'")
                        .withBody("<p>This shared image is no longer available.</p>")));

        given().accept(browser).when().get("/s/" + link)
                .then().statusCode(404).contentType("text/html")
                .header("Content-Security-Policy", "default-src 'none'")
                .body(Matchers.containsString("no longer available"));
    }

    /** Internal endpoints of the services, unknown paths and ways around the table all stay in the gateway. */
    @ParameterizedTest
    @ValueSource(strings = { "/internal/jobs?m={m}", "/images/{m}/internal", "/images/%2e%2e/internal/{m}",
            "/images/x/../../internal/{m}", "/usage/{m}", "/chat/internal/{m}", "/images/{m}/content/x" })
    void aPathThatIsNotAPublicRouteIsNeverForwarded(String template) {
        String marker = UUID.randomUUID().toString();
        String path = template.replace("{m}", marker);

        given().auth().oauth2(token).urlEncodingEnabled(false).when().get(path)
                .then().statusCode(404);

        assertThat(owners.findAll(anyRequestedFor(anyUrl())))
                .noneMatch(request -> request.getUrl().contains(marker));
    }

    @Test
    void aKnownPathWithAnotherMethodIsAnswered405AndOptionsListsItsMethods() {
        String image = "/images/" + UUID.randomUUID();
        given().auth().oauth2(token).when().patch(image)
                .then().statusCode(405).contentType(PROBLEM);
        given().when().options(image)
                .then().statusCode(200).header("Allow", "GET, DELETE, HEAD, OPTIONS");
        assertThat(owners.findAll(anyRequestedFor(anyUrl()))).noneMatch(request -> request.getUrl().endsWith(image));
    }

    @Test
    void aCallWithoutATokenIsRefusedBeforeItsOwnerHearsOfIt() {
        String image = UUID.randomUUID().toString();

        given().when().get("/images/" + image)
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer")
                .body("code", Matchers.equalTo("unauthorized"));

        owners.verify(0, getRequestedFor(WireMock.urlMatching(".*" + image + ".*")));
    }

    @Test
    void metricsCountCallsByRouteTemplateNotById() {
        String image = UUID.randomUUID().toString();
        given().when().get("/images/" + image).then().statusCode(401);

        String metrics = given().when().get(metricsUrl).then().statusCode(200).extract().asString();
        assertThat(metrics).contains("uri=\"/images/{id}\"").doesNotContain(image);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/metrics", "/q/health", "/q/health/ready", "/q/openapi", "/q/swagger-ui/" })
    void operationsEndpointsAreNotOnThePublicPort(String path) {
        given().when().get(path).then().statusCode(404);
        given().baseUri("http://" + operations.getHost()).port(operations.getPort()).when().get(path)
                .then().statusCode(200);
    }
}
