package dev.imagegen.gateway.routing;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** generation-service is not running here (its URL points at a closed port); the system tests cover real forwarding. */
@QuarkusTest
class GenerationRoutesTest {

    private static final String PROBLEM = "application/problem+json";

    @ParameterizedTest
    @ValueSource(strings = { "/images/estimate?model=dall-e-3&size=1024x1024&quality=hd", "/images/estimate",
            "/usage/me", "/admin/usage?month=2026-11&page=2&size=10&q=ab", "/admin/usage/report.csv", "/models" })
    void needATokenAndGoToTheGenerationService(String path) {
        given().when().get(path)
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.valid(UUID.randomUUID())).when().get(path)
                .then().statusCode(503).contentType(PROBLEM)
                .body("detail", equalTo("The generation service is unavailable; try again shortly"));
    }

    @Test
    void settingLimitsGoesToTheGenerationService() {
        String path = "/admin/users/" + UUID.randomUUID() + "/limits";
        given().contentType("application/json").body("{\"daily_images\": 5}").when().put(path)
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.valid(UUID.randomUUID())).contentType("application/json")
                .body("{\"daily_images\": 5}").when().put(path)
                .then().statusCode(503).contentType(PROBLEM)
                .body("detail", equalTo("The generation service is unavailable; try again shortly"));
    }
}
