package dev.imagegen.common.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure the tests find what they talk to, so {@code ./mvnw verify} on a fresh machine needs no set-up step
 * of its own. Before the first test of a run:
 * <ul>
 * <li>PostgreSQL on 127.0.0.1:5432: when one answers and lets the {@code postgres} superuser in without a password
 * (trust, as a development machine's local PostgreSQL does), the role {@code imagegen} and the database
 * {@code IMAGEGEN_TEST_DB} (default {@code imagegen_test}) are created if missing; when none answers, an embedded
 * PostgreSQL is started on that port with both, for this run only.</li>
 * <li>Redis on 127.0.0.1:6379: when none answers, an embedded Redis is started there for this run.</li>
 * </ul>
 * Quiet when all is in place; an embedded engine stops when the run ends. Registered as a JUnit launcher listener by
 * common's test-jar (services) and used by the system tests.
 */
public final class TestInfrastructure implements LauncherSessionListener {

    static final String ROLE = "imagegen";
    static final String DATABASE = System.getenv().getOrDefault("IMAGEGEN_TEST_DB", "imagegen_test");
    static final String HOST = "127.0.0.1";
    static final int POSTGRES_PORT = 5432;
    static final int REDIS_PORT = 6379;

    private final List<AutoCloseable> started = new ArrayList<>();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            if (!answers(REDIS_PORT)) {
                startRedis();
            }
            if (!answers(POSTGRES_PORT)) {
                startPostgres();
            }
        } catch (IOException | LinkageError e) {
            // No engine jars on this run's classpath, or they cannot run here: the first test then fails with
            // the connection's own message.
            System.out.println("[test set-up] could not start an embedded engine: " + e);
        }
        createRoleAndDatabase();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        for (AutoCloseable engine : started) {
            try {
                engine.close();
            } catch (Exception e) {
                System.out.println("[test set-up] stopping an embedded engine failed: " + e);
            }
        }
        started.clear();
    }

    private void startRedis() throws IOException {
        RedisServer redis = RedisServer.newRedisServer().bind(HOST).port(REDIS_PORT).setting("save \"\"")
                .setting("appendonly no").build();
        redis.start();
        started.add(redis::stop);
        System.out.println("[test set-up] no Redis answered on " + HOST + ":" + REDIS_PORT
                + "; started an embedded one for this run");
    }

    private void startPostgres() throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(POSTGRES_PORT).start();
        started.add(postgres);
        System.out.println("[test set-up] no PostgreSQL answered on " + HOST + ":" + POSTGRES_PORT
                + "; started an embedded one for this run");
    }

    /** With the superuser, when it gets in without a password; otherwise an administrator has done it (CI does). */
    private static void createRoleAndDatabase() {
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + POSTGRES_PORT + "/postgres?connectTimeout=2", "postgres", "")) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", ROLE)) {
                execute(admin, "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE + "'");
                System.out.println("[test set-up] created PostgreSQL role " + ROLE);
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                execute(admin, "CREATE DATABASE \"" + DATABASE + "\" OWNER " + ROLE);
                System.out.println("[test set-up] created PostgreSQL database " + DATABASE);
            }
        } catch (SQLException e) {
            // no driver on this run's classpath, or no password-less superuser: nothing to set up here
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
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
