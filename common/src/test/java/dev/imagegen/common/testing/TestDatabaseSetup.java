package dev.imagegen.common.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes the role and database the services' tests use ({@code imagegen}, {@code IMAGEGEN_TEST_DB} or
 * {@code imagegen_test}) before the first test of a run, so {@code ./mvnw verify} on a fresh machine needs no
 * set-up step of its own: when PostgreSQL on 127.0.0.1:5432 lets the {@code postgres} superuser in without a
 * password (trust, as a development machine's local PostgreSQL does). Quiet when both exist, when the run has no
 * PostgreSQL driver (common's own tests), or when nothing answers: the first test's connection then fails with the
 * server's own message. Registered as a JUnit launcher listener by common's test-jar.
 */
public final class TestDatabaseSetup implements LauncherSessionListener {

    static final String ROLE = "imagegen";
    static final String DATABASE = System.getenv().getOrDefault("IMAGEGEN_TEST_DB", "imagegen_test");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=2", "postgres", "")) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", ROLE)) {
                execute(admin, "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE + "'");
                System.out.println("[test set-up] created PostgreSQL role " + ROLE);
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                execute(admin, "CREATE DATABASE \"" + DATABASE + "\" OWNER " + ROLE);
                System.out.println("[test set-up] created PostgreSQL database " + DATABASE);
            }
        } catch (SQLException e) {
            // no driver on this run's classpath, no server, or no password-less superuser: nothing to set up here
        }
    }

    private static boolean exists(Connection db, String query, String name) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
