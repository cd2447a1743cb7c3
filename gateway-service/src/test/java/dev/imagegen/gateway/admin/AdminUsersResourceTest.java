package dev.imagegen.gateway.admin;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class AdminUsersResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String ADMIN = Jwt.issuer("imagegen").subject(UUID.randomUUID().toString())
            .upn("admin@example.test").groups(Set.of("user", "admin")).sign();

    @Test
    void findsAccountsByPartOfTheirEmailWithoutTheirPasswords() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String anne = register("anne-" + tag + "@example.test");
        String bert = register("bert-" + tag + "@example.test");

        given().auth().oauth2(ADMIN).queryParam("email", tag.toUpperCase())
                .when().get("/admin/users")
                .then().statusCode(200)
                .body("items.id", contains(anne, bert))
                .body("items.email", contains("anne-" + tag + "@example.test", "bert-" + tag + "@example.test"))
                .body("items[0].created_at", notNullValue())
                .body("items[0].roles", contains("user"))
                .body("items[0]", not(hasKey("password_hash")));
    }

    @Test
    void readsAccountsByIdAndSkipsUnknownOnes() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String anne = register("anne-" + tag + "@example.test");

        given().auth().oauth2(ADMIN).queryParam("id", anne, UUID.randomUUID().toString())
                .when().get("/admin/users")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].email", equalTo("anne-" + tag + "@example.test"));
    }

    @Test
    void treatsLikeWildcardsAsPlainText() {
        given().auth().oauth2(ADMIN).queryParam("email", "%_%_%_%_%")
                .when().get("/admin/users")
                .then().statusCode(200).body("items", empty());
    }

    @Test
    void refusesUnclearQueries() {
        given().auth().oauth2(ADMIN).when().get("/admin/users")
                .then().statusCode(400).contentType(PROBLEM).body("detail", notNullValue());
        given().auth().oauth2(ADMIN).queryParam("email", "a").when().get("/admin/users")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(ADMIN).queryParam("id", "not-a-uuid").when().get("/admin/users")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("id must be a user id (a UUID): not-a-uuid"));
    }

    @Test
    void isForAdminsOnly() {
        given().auth().oauth2(TestTokens.valid(UUID.randomUUID())).queryParam("email", "example")
                .when().get("/admin/users")
                .then().statusCode(403).contentType(PROBLEM);
        given().queryParam("email", "example").when().get("/admin/users")
                .then().statusCode(401).contentType(PROBLEM);
    }

    private static String register(String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery"))
                .when().post("/auth/register")
                .then().statusCode(201).extract().path("id");
    }
}
