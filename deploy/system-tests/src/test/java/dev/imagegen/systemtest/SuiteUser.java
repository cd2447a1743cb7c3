package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A person using the suite: registered and logged in through the gateway. */
public record SuiteUser(String email, String token, UUID id) {

    private static SuiteUser admin;

    public static SuiteUser register() {
        return register("user-" + UUID.randomUUID() + "@example.test");
    }

    /**
     * The run's admin ({@link Suite#ADMIN_EMAIL}), registered on first use and made admin with the run's one-time
     * setup token, as an operator makes the first admin; the setup answers a token holding the role.
     */
    public static synchronized SuiteUser admin() {
        if (admin == null) {
            SuiteUser user = register(Suite.ADMIN_EMAIL);
            String token = user.request().contentType(ContentType.JSON)
                    .body(Map.of("setup_token", Suite.ADMIN_SETUP_TOKEN))
                    .when().post("/admin/setup")
                    .then().statusCode(200)
                    .extract().path("access_token");
            admin = new SuiteUser(user.email(), token, user.id());
        }
        return admin;
    }

    private static SuiteUser register(String email) {
        String password = "correct horse battery staple";
        given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .when().post("/auth/register")
                .then().statusCode(201);
        String token = given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .when().post("/auth/login")
                .then().statusCode(200)
                .extract().path("access_token");
        return new SuiteUser(email, token, subjectOf(token));
    }

    /** A request to the gateway as this user. */
    public RequestSpecification request() {
        return given().baseUri(Suite.GATEWAY).auth().oauth2(token);
    }

    /** Asks for an image and waits until it is stored; answers the finished task's status body. */
    public JsonPath generateAndWait(String prompt) {
        String taskId = request().contentType(ContentType.JSON).body(Map.of("prompt", prompt))
                .when().post("/images/generate")
                .then().statusCode(202).extract().path("task_id");
        await().atMost(Duration.ofSeconds(60)).until(() -> !"pending".equals(
                request().get("/images/tasks/{id}/status", taskId).then().extract().path("status")));
        return request().get("/images/tasks/{id}/status", taskId).then().statusCode(200)
                .body("status", equalTo("completed")).extract().jsonPath();
    }

    private static UUID subjectOf(String token) {
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        String sub = claims.replaceAll(".*\"sub\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        return UUID.fromString(sub);
    }
}
