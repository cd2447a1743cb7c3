package dev.imagegen.gateway.auth;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class AuthResourceTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String PROBLEM = "application/problem+json";

    @Test
    void registersLogsInAndTheTokenIsAccepted() {
        String email = newEmail();
        String id = register(email, PASSWORD)
                .statusCode(201)
                .body("email", equalTo(email))
                .body("id", notNullValue())
                .extract().path("id");

        var login = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/login")
                .then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600))
                .extract();
        String token = login.path("access_token");
        assertThat(token).isNotBlank();

        given().auth().oauth2(token)
                .when().get("/auth/me")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("email", equalTo(email))
                .body("roles", hasItem("user"));
    }

    @Test
    void storesTheEmailTrimmedAndLowercased() {
        String email = newEmail();
        register("  " + email.toUpperCase() + " ", PASSWORD).statusCode(201).body("email", equalTo(email));
        login(email.toUpperCase(), PASSWORD).statusCode(200);
    }

    @Test
    void refusesADuplicateEmail() {
        String email = newEmail();
        register(email, PASSWORD).statusCode(201);
        register(email.toUpperCase(), "another password").statusCode(409)
                .contentType(PROBLEM)
                .body("code", equalTo("email_taken"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-an-email", "no-domain@", "ann@nodot", "" })
    void refusesABadEmail(String email) {
        register(email, PASSWORD).statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation"))
                .body("errors.field", hasItem("email"));
    }

    @Test
    void refusesAShortPassword() {
        register(newEmail(), "short").statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("password"));
    }

    @Test
    void refusesATooLongPassword() {
        register(newEmail(), "x".repeat(129)).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("password"));
    }

    @Test
    void refusesMalformedJson() {
        given().contentType(ContentType.JSON).body("{\"email\": \"a@b.c\", ")
                .when().post("/auth/register")
                .then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("malformed_json"));
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401() {
        String email = newEmail();
        register(email, PASSWORD).statusCode(201);

        String wrongPassword = login(email, "not the password").statusCode(401).contentType(PROBLEM)
                .extract().path("detail");
        String unknownEmail = login(newEmail(), PASSWORD).statusCode(401).contentType(PROBLEM)
                .extract().path("detail");
        assertThat(wrongPassword).isEqualTo(unknownEmail);
    }

    @Test
    void refusesGarbageExpiredAndForeignTokens() {
        UUID user = UUID.randomUUID();
        for (String token : new String[] { "garbage", TestTokens.expired(user), TestTokens.wrongIssuer(user) }) {
            given().auth().oauth2(token)
                    .when().get("/auth/me")
                    .then().statusCode(401).contentType(PROBLEM)
                    .body("code", equalTo("unauthorized"));
        }
        given().when().get("/auth/me").then().statusCode(401).contentType(PROBLEM);
    }

    private static io.restassured.response.ValidatableResponse register(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/auth/register")
                .then();
    }

    private static io.restassured.response.ValidatableResponse login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/auth/login")
                .then();
    }

    private static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }
}
