package dev.imagegen.gateway.routing;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** gallery-service is not running here (its URL points at a closed port); the system tests cover real forwarding. */
@QuarkusTest
class GalleryRoutesTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String IMAGE = "7c0e1a0b-4a8e-4d6f-b0a5-1d2c3e4f5a6b";
    private static final String COLLECTION = "0b8f6f0e-8f53-4c47-9a52-7f0b1c3f9d11";

    @ParameterizedTest
    @CsvSource({
            "DELETE, /images/" + IMAGE,
            "PUT, /images/" + IMAGE + "/favorite",
            "DELETE, /images/" + IMAGE + "/favorite",
            "PUT, /images/" + IMAGE + "/tags",
            "POST, /images/" + IMAGE + "/share",
            "DELETE, /images/" + IMAGE + "/share",
            "POST, /images/" + IMAGE + "/report",
            "GET, /admin/reports?status=open",
            "GET, /admin/reports/" + COLLECTION + "/image",
            "POST, /admin/reports/" + COLLECTION + "/resolve",
            "POST, /collections",
            "GET, /collections",
            "GET, /collections/" + COLLECTION,
            "PATCH, /collections/" + COLLECTION,
            "DELETE, /collections/" + COLLECTION,
            "GET, /collections/" + COLLECTION + "/images?page=2",
            "PUT, /collections/" + COLLECTION + "/images/" + IMAGE,
            "DELETE, /collections/" + COLLECTION + "/images/" + IMAGE,
            "GET, /me/export" })
    void needATokenAndAnswer503WhenTheGalleryIsUnreachable(String method, String path) {
        withBody(given(), method).when().request(method, path)
                .then().statusCode(401).contentType(PROBLEM);
        withBody(given().auth().oauth2(TestTokens.valid(UUID.randomUUID())), method).when().request(method, path)
                .then().statusCode(503).contentType(PROBLEM)
                .body("code", equalTo("upstream_unavailable"));
    }

    @Test
    void aShareLinkNeedsNoToken() {
        given().when().get("/s/some-token")
                .then().statusCode(503).contentType(PROBLEM)
                .body("code", equalTo("upstream_unavailable"));
    }

    @Test
    void aShareLinkIsReportedWithoutAToken() {
        given().contentType("application/json").body("{\"reason\": \"other\"}")
                .when().post("/s/some-token/report")
                .then().statusCode(503).contentType(PROBLEM)
                .body("code", equalTo("upstream_unavailable"));
    }

    private static RequestSpecification withBody(RequestSpecification request, String method) {
        return "GET".equals(method) || "DELETE".equals(method) ? request
                : request.contentType("application/json").body("{\"name\": \"x\", \"tags\": []}");
    }
}
