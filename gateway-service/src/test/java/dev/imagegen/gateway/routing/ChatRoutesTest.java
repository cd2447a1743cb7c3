package dev.imagegen.gateway.routing;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** chat-service is not running here (its URL points at a closed port); the system tests cover real forwarding. */
@QuarkusTest
class ChatRoutesTest {

    private static final String THREAD = "/chat/threads/5d1f3a52-3c1e-4f0e-a0a4-0f4e2b9f1c77";

    @ParameterizedTest
    @CsvSource({ "GET, " + THREAD, "PATCH, " + THREAD, "DELETE, " + THREAD, "GET, " + THREAD + "/messages?page=2",
            "POST, " + THREAD + "/messages" })
    void refusesACallerWithoutAToken(String method, String path) {
        withBody(method).when().request(method, path)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @ParameterizedTest
    @CsvSource({ "GET, " + THREAD, "PATCH, " + THREAD, "DELETE, " + THREAD, "GET, " + THREAD + "/messages?page=2",
            "POST, " + THREAD + "/messages" })
    void answers503WhenChatServiceIsUnreachable(String method, String path) {
        withBody(method).auth().oauth2(TestTokens.valid(UUID.randomUUID()))
                .when().request(method, path)
                .then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("upstream_unavailable"));
    }

    private static RequestSpecification withBody(String method) {
        RequestSpecification request = given();
        return "POST".equals(method) || "PATCH".equals(method)
                ? request.contentType("application/json").body("{\"content\": \"/image a fox\", \"title\": \"t\"}")
                : request;
    }
}
