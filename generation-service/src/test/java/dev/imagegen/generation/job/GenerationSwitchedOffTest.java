package dev.imagegen.generation.job;

import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(GenerationSwitchedOffTest.SwitchedOff.class)
class GenerationSwitchedOffTest {

    @Test
    void refusesSubmitsButStillAnswersEstimates() {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse"))
                .when().post("/images/generate")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("generation_disabled"));
        given().auth().oauth2(user.token()).when().get("/images/estimate").then().statusCode(200);
    }

    public static class SwitchedOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagegen.generation.enabled", "false");
        }
    }
}
