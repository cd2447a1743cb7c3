package dev.imagegen.gateway.admin;

import dev.imagegen.gateway.admin.AdminState.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;

import static dev.imagegen.gateway.admin.AdminState.TOKEN;
import static dev.imagegen.gateway.admin.AdminState.newAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The first admin, made with the one-time setup token. */
@QuarkusTest
class AdminSetupTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    DataSource dataSource;

    @Inject
    AdminSetupBootstrap bootstrap;

    @Inject
    AdminConfig config;

    private AdminState state;

    @BeforeEach
    void noAdminYet() throws Exception {
        state = AdminState.noAdmins(dataSource);
        bootstrap.prepare(Optional.of(TOKEN));
    }

    @AfterEach
    void release() throws Exception {
        state.close();
    }

    @Test
    void theRightTokenMakesTheCallerAdminInAFreshToken() {
        Account anne = newAccount();
        given().auth().oauth2(anne.token()).when().get("/admin/setup")
                .then().statusCode(200).body("admin_exists", equalTo(false)).body("token_pending", equalTo(true));

        String adminToken = setup(anne.token(), TOKEN).statusCode(200)
                .body("token_type", equalTo("Bearer")).extract().path("access_token");

        given().auth().oauth2(adminToken).when().get("/auth/me")
                .then().statusCode(200).body("id", equalTo(anne.id())).body("roles", hasItem("admin"));
        given().auth().oauth2(adminToken).queryParam("id", anne.id()).when().get("/admin/users")
                .then().statusCode(200).body("items[0].roles", hasItem("admin"));
        // The token from before holds no admin role and is refused: the app logs in again.
        given().auth().oauth2(anne.token()).when().get("/auth/me")
                .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("roles_changed"));
        given().auth().oauth2(adminToken).when().get("/admin/setup")
                .then().statusCode(200).body("admin_exists", equalTo(true)).body("token_pending", equalTo(false));
    }

    @Test
    void aWrongTokenIsRefusedAndTheRightOneStillWorks() throws Exception {
        Account anne = newAccount();

        setup(anne.token(), "not-the-setup-token-at-all").statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("invalid_setup_token")).body("detail", equalTo("The admin setup token is wrong"));

        assertThat(state.admins()).isZero();
        setup(anne.token(), TOKEN).statusCode(200);
    }

    @Test
    void theTokenWorksOnce() throws Exception {
        Account anne = newAccount();
        Account bert = newAccount();
        setup(anne.token(), TOKEN).statusCode(200);

        setup(bert.token(), TOKEN).statusCode(409).contentType(PROBLEM).body("code", equalTo("admin_exists"));
        // Even with no admin left, a spent token makes none.
        state.demoteEveryone();
        setup(bert.renewed().token(), TOKEN).statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("setup_token_used"));
        assertThat(state.admins()).isZero();
    }

    @Test
    void twoUsesAtOnceMakeOneAdmin() throws Exception {
        List<Account> accounts = IntStream.range(0, 4).mapToObj(i -> newAccount()).toList();
        ExecutorService threads = Executors.newFixedThreadPool(accounts.size());
        try {
            List<Future<Integer>> answers = threads.invokeAll(accounts.stream()
                    .map(account -> (Callable<Integer>) () -> setup(account.token(), TOKEN).extract().statusCode())
                    .toList());
            List<Integer> statuses = answers.stream().map(AdminSetupTest::get).toList();
            assertThat(statuses).containsOnly(200, 409).filteredOn(status -> status == 200).hasSize(1);
        } finally {
            threads.shutdown();
        }
        assertThat(state.admins()).isEqualTo(1);
    }

    @Test
    void aGeneratedTokenIsWrittenForTheOwnerOnlyAndRemovedOnceUsed() throws Exception {
        Path file = config.setupTokenFile();
        bootstrap.prepare(Optional.empty());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String generated = Files.readString(file).trim();
        assertThat(generated).hasSizeGreaterThanOrEqualTo(43);
        assertThat(state.storedHash()).isEqualTo(SetupTokens.hash(generated)).doesNotContain(generated);
        // A restart keeps the pending token, and the operator's file with it.
        bootstrap.prepare(Optional.empty());
        assertThat(Files.readString(file).trim()).isEqualTo(generated);
        // The configured token from before was replaced by the generated one.
        Account anne = newAccount();
        setup(anne.token(), TOKEN).statusCode(403);

        setup(anne.token(), generated).statusCode(200);

        assertThat(file).doesNotExist();
        assertThat(state.admins()).isEqualTo(1);
    }

    @Test
    void needsALoginAndAToken() {
        given().contentType(ContentType.JSON).body(Map.of("setup_token", TOKEN)).when().post("/admin/setup")
                .then().statusCode(401).contentType(PROBLEM);
        Account anne = newAccount();
        given().auth().oauth2(anne.token()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/admin/setup").then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(anne.token()).contentType(ContentType.JSON)
                .body(Map.of("setup_token", TOKEN, "role", "admin"))
                .when().post("/admin/setup").then().statusCode(422).contentType(PROBLEM);
    }

    private static ValidatableResponse setup(String bearer, String token) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON).body(Map.of("setup_token", token))
                .when().post("/admin/setup").then();
    }

    private static Integer get(Future<Integer> answer) {
        try {
            return answer.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
