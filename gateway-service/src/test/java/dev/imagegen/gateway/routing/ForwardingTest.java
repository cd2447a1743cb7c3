package dev.imagegen.gateway.routing;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.imagegen.gateway.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;


/** The gateway relays the owning service's answers unchanged; WireMock plays the owning services. */
@QuarkusTest
@WithTestResource(UpstreamWireMockResource.class)
class ForwardingTest {

    @UpstreamWireMockResource.InjectUpstream
    WireMockServer upstream;

    private String token;

    @BeforeEach
    void reset() {
        upstream.resetAll();
        token = TestTokens.valid(UUID.randomUUID());
    }

    @Test
    void forwardsAGenerationRequestAsIs() {
        String body = "{\"prompt\": \"a lighthouse\", \"size\": \"1024x1024\"}";
        upstream.stubFor(post(urlEqualTo("/images/generate"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Idempotency-Key", equalTo("key-1"))
                .withRequestBody(binaryEqualTo(body.getBytes()))
                .willReturn(aResponse().withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Location", "/images/tasks/t-1/status")
                        .withHeader("X-Internal", "not for clients")
                        .withBody("{\"task_id\":\"t-1\",\"status\":\"pending\",\"estimated_time\":30}")));

        given().auth().oauth2(token).header("Idempotency-Key", "key-1").contentType("application/json").body(body)
                .when().post("/images/generate")
                .then().statusCode(202)
                .contentType("application/json")
                .header("Location", "/images/tasks/t-1/status")
                .header("X-Internal", Matchers.nullValue())
                .body(Matchers.equalTo("{\"task_id\":\"t-1\",\"status\":\"pending\",\"estimated_time\":30}"));
    }

    @Test
    void passesMalformedJsonOnAndRelaysTheOwnersProblem() {
        String problem = "{\"type\":\"urn:imagegen:malformed_json\",\"status\":400,\"code\":\"malformed_json\"}";
        upstream.stubFor(post(urlEqualTo("/chat/threads"))
                .withRequestBody(binaryEqualTo("{\"title\": ".getBytes()))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json")
                        .withBody(problem)));

        given().auth().oauth2(token).contentType("application/json").body("{\"title\": ")
                .when().post("/chat/threads")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body(Matchers.equalTo(problem));
    }

    @Test
    void relaysImageBytesWithTheirCachingHeaders() {
        byte[] image = { (byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff };
        upstream.stubFor(get(urlEqualTo("/images/img-1/content?format=webp"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/webp")
                        .withHeader("ETag", "\"v1\"")
                        .withHeader("Cache-Control", "private, max-age=86400")
                        .withHeader("Content-Disposition", "inline; filename=\"img-1.webp\"")
                        .withBody(image)));

        byte[] received = given().auth().oauth2(token)
                .when().get("/images/img-1/content?format=webp")
                .then().statusCode(200)
                .contentType("image/webp")
                .header("ETag", "\"v1\"")
                .header("Cache-Control", "private, max-age=86400")
                .header("Content-Disposition", "inline; filename=\"img-1.webp\"")
                .extract().asByteArray();
        assertThat(received).isEqualTo(image);
    }

    @Test
    void relaysNotModified() {
        upstream.stubFor(get(urlEqualTo("/images/img-1/thumbnail"))
                .withHeader("If-None-Match", equalTo("\"v1\""))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"v1\"")));

        given().auth().oauth2(token).header("If-None-Match", "\"v1\"")
                .when().get("/images/img-1/thumbnail")
                .then().statusCode(304).header("ETag", "\"v1\"");
    }

    @Test
    void passesEveryGalleryQueryParameterOn() {
        upstream.stubFor(get(urlPathEqualTo("/images/gallery"))
                .withQueryParam("page", equalTo("2"))
                .withQueryParam("size", equalTo("5"))
                .withQueryParam("q", equalTo("red fox"))
                .withQueryParam("favorite", equalTo("true"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"items\":[],\"page\":2,\"size\":5,\"total\":0}")));

        given().auth().oauth2(token)
                .queryParam("page", 2).queryParam("size", 5).queryParam("q", "red fox").queryParam("favorite", true)
                .when().get("/images/gallery")
                .then().statusCode(200)
                .body("page", Matchers.equalTo(2));
    }

    @Test
    void relaysErrorsAndRetryAfterUnchanged() {
        upstream.stubFor(get(urlEqualTo("/images/img-2"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":404,\"code\":\"not_found\"}")));
        upstream.stubFor(delete(urlEqualTo("/images/tasks/t-2"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7")
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":503,\"code\":\"busy\"}")));

        given().auth().oauth2(token).when().get("/images/img-2")
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", Matchers.equalTo("not_found"));
        given().auth().oauth2(token).when().delete("/images/tasks/t-2")
                .then().statusCode(503).header("Retry-After", "7")
                .body("code", Matchers.equalTo("busy"));
        upstream.verify(deleteRequestedFor(urlEqualTo("/images/tasks/t-2"))
                .withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void forwardsNothingWithoutAValidToken() {
        given().auth().oauth2("garbage").when().get("/chat/threads").then().statusCode(401);
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }
}
