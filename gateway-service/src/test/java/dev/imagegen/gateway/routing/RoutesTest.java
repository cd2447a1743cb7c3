package dev.imagegen.gateway.routing;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The owning services are not running here (their URLs point at a closed port); the system tests cover real forwarding. */
@QuarkusTest
class RoutesTest {

    private static final String PROBLEM = "application/problem+json";

    @ParameterizedTest
    @CsvSource({
            "POST, /images/generate",
            "GET, /images/tasks/" + Ids.TASK + "/status",
            "DELETE, /images/tasks/" + Ids.TASK,
            "GET, /images/gallery?page=1&size=10",
            "GET, /images/" + Ids.IMAGE,
            "GET, /images/" + Ids.IMAGE + "/content?format=webp",
            "GET, /images/" + Ids.IMAGE + "/thumbnail",
            "POST, /chat/threads",
            "GET, /chat/threads" })
    void refusesACallerWithoutAToken(String method, String path) {
        withBody(method).when().request(method, path)
                .then().statusCode(401).contentType(PROBLEM)
                .body("code", equalTo("unauthorized"));
    }

    @ParameterizedTest
    @CsvSource({
            "POST, /images/generate, generation",
            "GET, /images/tasks/" + Ids.TASK + "/status, generation",
            "DELETE, /images/tasks/" + Ids.TASK + ", generation",
            "GET, /images/gallery?page=1&size=10, gallery",
            "GET, /images/" + Ids.IMAGE + ", gallery",
            "GET, /images/" + Ids.IMAGE + "/content?format=webp, gallery",
            "GET, /images/" + Ids.IMAGE + "/thumbnail, gallery",
            "POST, /chat/threads, chat",
            "GET, /chat/threads, chat" })
    void answers503WhenTheOwningServiceIsUnreachable(String method, String path, String upstream) {
        withBody(method).auth().oauth2(TestTokens.valid(UUID.randomUUID()))
                .header(Forwarder.IDEMPOTENCY_KEY, UUID.randomUUID().toString())
                .when().request(method, path)
                .then().statusCode(503).contentType(PROBLEM)
                .body("code", equalTo("upstream_unavailable"))
                .body("detail", equalTo("The " + upstream + " service is unavailable; try again shortly"));
    }

    @ParameterizedTest
    @CsvSource({ "garbage", "expired", "foreign" })
    void refusesABadTokenBeforeForwarding(String kind) {
        UUID user = UUID.randomUUID();
        String token = switch (kind) {
            case "expired" -> TestTokens.expired(user);
            case "foreign" -> TestTokens.wrongIssuer(user);
            default -> "garbage";
        };
        given().auth().oauth2(token)
                .when().get("/images/gallery")
                .then().statusCode(401).contentType(PROBLEM);
    }

    private static RequestSpecification withBody(String method) {
        RequestSpecification request = given();
        return "POST".equals(method)
                ? request.contentType("application/json").body("{\"prompt\": \"a lighthouse at dusk\"}")
                : request;
    }

    private static final class Ids {
        static final String TASK = "0b8f6f0e-8f53-4c47-9a52-7f0b1c3f9d11";
        static final String IMAGE = "7c0e1a0b-4a8e-4d6f-b0a5-1d2c3e4f5a6b";
    }
}
