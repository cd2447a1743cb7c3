package dev.imagegen.gateway.admin;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.imagegen.gateway.admin.AdminState.PASSWORD;
import static dev.imagegen.gateway.admin.AdminState.login;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

/** ADMIN_EMAILS made whoever registered a listed address first an admin: it no longer grants anything. */
@QuarkusTest
@TestProfile(AdminEmailsIgnoredTest.ListsAnAddress.class)
class AdminEmailsIgnoredTest {

    static final String LISTED = "listed-" + UUID.randomUUID() + "@example.test";

    @Test
    void registeringAListedAddressMakesAPlainUser() {
        given().contentType(ContentType.JSON).body(Map.of("email", LISTED, "password", PASSWORD))
                .when().post("/auth/register").then().statusCode(201);

        given().auth().oauth2(login(LISTED)).when().get("/auth/me")
                .then().statusCode(200).body("roles", contains("user"));
    }

    public static class ListsAnAddress implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ADMIN_EMAILS", LISTED);
        }
    }
}
