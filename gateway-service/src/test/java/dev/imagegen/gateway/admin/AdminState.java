package dev.imagegen.gateway.admin;

import io.restassured.http.ContentType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import static io.restassured.RestAssured.given;

/**
 * Who is admin is one fact for the whole test database, which every test run on this machine shares: a test that
 * needs "no admin yet" or "exactly these admins" holds a PostgreSQL advisory lock for its duration (runs at the
 * same moment take turns, and a system test suite holds it for its whole run) and starts from no admin and no
 * setup token.
 */
final class AdminState implements AutoCloseable {

    static final String PASSWORD = "correct horse battery";
    /** The ADMIN_SETUP_TOKEN the tests configure. */
    static final String TOKEN = "test-admin-setup-token-for-this-suite";
    /** Also taken by deploy/system-tests' SuiteDatabase. */
    private static final long LOCK = 0x1A_D319_0001L;

    private final Connection db;

    private AdminState(Connection db) {
        this.db = db;
    }

    /** Waits for the lock, then demotes every admin and forgets the setup token. */
    static AdminState noAdmins(DataSource dataSource) throws SQLException {
        Connection db = dataSource.getConnection();
        try (Statement sql = db.createStatement()) {
            sql.execute("SELECT pg_advisory_lock(" + LOCK + ")");
            sql.executeUpdate("UPDATE gateway.users SET roles = 'user' WHERE roles <> 'user'");
            sql.executeUpdate("DELETE FROM gateway.admin_setup");
        }
        return new AdminState(db);
    }

    long admins() throws SQLException {
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(
                        "SELECT count(*) FROM gateway.users WHERE ',' || roles || ',' LIKE '%,admin,%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    String storedHash() throws SQLException {
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT token_hash FROM gateway.admin_setup")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** Takes the admin role away behind the API's back: "no admin" again, with the token spent. */
    void demoteEveryone() throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.executeUpdate("UPDATE gateway.users SET roles = 'user' WHERE roles <> 'user'");
        }
    }

    @Override
    public void close() throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
        } finally {
            db.close();
        }
    }

    /** A new account, logged in: its id and token. */
    static Account newAccount() {
        String email = "admin-test-" + UUID.randomUUID() + "@example.test";
        String id = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/register").then().statusCode(201).extract().path("id");
        return new Account(id, email, login(email));
    }

    static String login(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/login").then().statusCode(200).extract().path("access_token");
    }

    record Account(String id, String email, String token) {

        /** The same account logged in again. */
        Account renewed() {
            return new Account(id, email, login(email));
        }
    }
}
