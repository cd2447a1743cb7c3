package dev.imagegen.gateway.admin;

import dev.imagegen.gateway.admin.AdminState.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

import static dev.imagegen.gateway.admin.AdminState.TOKEN;
import static dev.imagegen.gateway.admin.AdminState.newAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

/** Admins give and take the admin role; the last admin stays; a revoked admin's tokens stop working at once. */
@QuarkusTest
class AdminRolesTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    DataSource dataSource;

    @Inject
    AdminSetupBootstrap bootstrap;

    private AdminState state;
    private Account admin;

    @BeforeEach
    void oneAdmin() throws Exception {
        state = AdminState.noAdmins(dataSource);
        bootstrap.prepare(Optional.of(TOKEN));
        Account first = newAccount();
        String token = given().auth().oauth2(first.token()).contentType(ContentType.JSON)
                .body(Map.of("setup_token", TOKEN)).when().post("/admin/setup")
                .then().statusCode(200).extract().path("access_token");
        admin = new Account(first.id(), first.email(), token);
    }

    @AfterEach
    void release() throws Exception {
        state.close();
    }

    @Test
    void anAdminMakesAnotherAdminWhoLogsInAgainToUseIt() {
        Account bert = newAccount();

        given().auth().oauth2(admin.token()).when().put("/admin/users/{id}/admin", bert.id())
                .then().statusCode(200).body("id", equalTo(bert.id())).body("email", equalTo(bert.email()))
                .body("roles", containsInAnyOrder("user", "admin"));

        given().auth().oauth2(bert.token()).when().get("/auth/me")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("code", equalTo("roles_changed"));
        Account renewed = bert.renewed();
        given().auth().oauth2(renewed.token()).queryParam("id", admin.id()).when().get("/admin/users")
                .then().statusCode(200);
        // Giving the role again changes nothing, and keeps the new token.
        given().auth().oauth2(admin.token()).when().put("/admin/users/{id}/admin", bert.id()).then().statusCode(200);
        given().auth().oauth2(renewed.token()).when().get("/auth/me").then().statusCode(200);
    }

    @Test
    void aRevokedAdminsTokenIsRefusedAtOnceOnEveryAdminRoute() throws Exception {
        Account bert = newAccount();
        given().auth().oauth2(admin.token()).when().put("/admin/users/{id}/admin", bert.id()).then().statusCode(200);
        String bertAdmin = bert.renewed().token();
        given().auth().oauth2(bertAdmin).queryParam("id", bert.id()).when().get("/admin/users")
                .then().statusCode(200);

        given().auth().oauth2(admin.token()).when().delete("/admin/users/{id}/admin", bert.id())
                .then().statusCode(200).body("roles", contains("user"));

        // Answered here, and forwarded to the owning services (which would trust the token's admin group).
        given().auth().oauth2(bertAdmin).queryParam("id", bert.id()).when().get("/admin/users")
                .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("roles_changed"));
        given().auth().oauth2(bertAdmin).queryParam("month", "2026-01").when().get("/admin/usage")
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(bertAdmin).when().get("/admin/reports").then().statusCode(401);
        given().auth().oauth2(bertAdmin).contentType(ContentType.JSON).body(Map.of("daily_images", 1000))
                .when().put("/admin/users/{id}/limits", bert.id()).then().statusCode(401);
        // Logged in again, Bert is a user.
        String bertUser = bert.renewed().token();
        given().auth().oauth2(bertUser).queryParam("id", bert.id()).when().get("/admin/users")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(bertUser).when().get("/auth/me").then().statusCode(200).body("roles", contains("user"));
        assertThat(state.admins()).isEqualTo(1);
    }

    @Test
    void theLastAdminCannotBeRevoked() throws Exception {
        given().auth().oauth2(admin.token()).when().delete("/admin/users/{id}/admin", admin.id())
                .then().statusCode(409).contentType(PROBLEM).body("code", equalTo("last_admin"));

        given().auth().oauth2(admin.token()).queryParam("id", admin.id()).when().get("/admin/users")
                .then().statusCode(200).body("items[0].roles", containsInAnyOrder("user", "admin"));
        assertThat(state.admins()).isEqualTo(1);
    }

    @Test
    void twoAdminsRevokingEachOtherAtOnceLeaveOne() throws Exception {
        Account bert = newAccount();
        given().auth().oauth2(admin.token()).when().put("/admin/users/{id}/admin", bert.id()).then().statusCode(200);
        Account bertAdmin = bert.renewed();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            threads.invokeAll(List.<Callable<Integer>>of(
                    () -> given().auth().oauth2(admin.token()).when().delete("/admin/users/{id}/admin", bert.id())
                            .then().extract().statusCode(),
                    () -> given().auth().oauth2(bertAdmin.token()).when().delete("/admin/users/{id}/admin", admin.id())
                            .then().extract().statusCode()));
        } finally {
            threads.shutdown();
        }
        assertThat(state.admins()).isEqualTo(1);
    }

    @Test
    void onlyAdminsChangeRolesAndOnlyOfAccountsThatExist() {
        Account bert = newAccount();
        given().auth().oauth2(bert.token()).when().put("/admin/users/{id}/admin", bert.id())
                .then().statusCode(403).contentType(PROBLEM);
        given().when().put("/admin/users/{id}/admin", bert.id()).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(admin.token()).when().put("/admin/users/{id}/admin", UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(admin.token()).when().delete("/admin/users/{id}/admin", "not-a-uuid")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("id must be a user id (a UUID): not-a-uuid"));
    }
}
