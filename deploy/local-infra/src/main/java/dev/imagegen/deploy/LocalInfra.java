package dev.imagegen.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Embedded PostgreSQL and/or Redis for {@code deploy/local/start.sh} on a machine that has neither
 * installed. Data survives restarts under {@code --data}; both engines stop when this process gets
 * SIGTERM or Ctrl-C.
 *
 * <pre>
 * java -cp deploy/local-infra/target/classes:deploy/local-infra/target/lib/* dev.imagegen.deploy.LocalInfra \
 *     [--postgres PORT] [--redis PORT] --data DIR
 * </pre>
 *
 * Prints {@value #READY} followed by the addresses once everything answers.
 */
public final class LocalInfra {

    /** The line start.sh waits for. */
    static final String READY = "LocalInfra ready:";

    static final String ROLE = "imagegen";
    static final String PASSWORD = "imagegen";
    static final String DATABASE = "imagegen";

    private final List<AutoCloseable> running = new ArrayList<>();

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: LocalInfra [--postgres PORT] [--redis PORT] --data DIR");
            System.exit(2);
            return;
        }
        LocalInfra infra = new LocalInfra();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infra.stop();
            stopped.countDown();
        }, "local-infra-stop"));
        try {
            List<String> addresses = infra.start(options);
            System.out.println(READY + " " + String.join(" ", addresses));
            System.out.flush();
        } catch (Exception e) {
            System.err.println("LocalInfra failed: " + e.getMessage());
            System.exit(1);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> start(Options options) throws IOException, SQLException {
        List<String> addresses = new ArrayList<>();
        if (options.redisPort() > 0) {
            addresses.add("redis=redis://127.0.0.1:" + startRedis(options.redisPort(), options.data().resolve("redis")));
        }
        if (options.postgresPort() > 0) {
            addresses.add("postgres=postgresql://127.0.0.1:"
                    + startPostgres(options.postgresPort(), options.data().resolve("postgres")) + "/" + DATABASE);
        }
        return addresses;
    }

    synchronized void stop() {
        // Reverse order of start; each engine stops even if another fails to.
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("LocalInfra: stopping failed: " + e.getMessage());
            }
        }
        running.clear();
        System.out.println("LocalInfra stopped");
    }

    private int startRedis(int port, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path pidFile = dir.resolve("redis.pid");
        stopOrphan(pidFile, "redis-server");
        requireFreePort(port, "Redis");
        RedisServer redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir.toAbsolutePath())
                // Jobs and events survive a restart of the launcher, as they would with the shipped Redis.
                .setting("appendonly yes")
                .setting("appendfsync everysec")
                .setting("save \"\"")
                .setting("maxmemory-policy noeviction")
                .setting("pidfile " + pidFile.toAbsolutePath())
                // Drains Redis' stdout after start so a full pipe never blocks it.
                .soutListener(line -> { })
                .build();
        redis.start();
        synchronized (this) {
            running.add(redis::stop);
        }
        System.out.println("LocalInfra: Redis on 127.0.0.1:" + port + ", data in " + dir);
        return port;
    }

    private int startPostgres(int port, Path dir) throws IOException, SQLException {
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        stopOrphan(data.resolve("postmaster.pid"), "postgres");
        requireFreePort(port, "PostgreSQL");
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dir.resolve("bin").toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("synchronous_commit", "on")
                // zonky passes -F (fsync off) for throwaway test databases; this one keeps a user's data.
                .setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start();
        synchronized (this) {
            running.add(postgres);
        }
        createRoleAndDatabase(postgres);
        System.out.println("LocalInfra: PostgreSQL on 127.0.0.1:" + port + ", data in " + data
                + ", log " + dir.resolve("postgres.log"));
        return port;
    }

    /**
     * A launcher killed with SIGKILL leaves its engines running on the data folder; stop them so this start
     * owns them. The command check keeps a reused pid of an unrelated process alive.
     */
    private static void stopOrphan(Path pidFile, String command) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return;
        }
        ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains(command)).orElse(false))
                .ifPresent(orphan -> {
                    System.out.println("LocalInfra: stopping " + command + " (pid " + pid
                            + ") left running by an earlier launcher");
                    orphan.destroy();
                    try {
                        orphan.onExit().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(command + " pid " + pid + " did not stop; stop it and retry",
                                e);
                    }
                });
    }

    static void createRoleAndDatabase(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", ROLE)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
                System.out.println("LocalInfra: created role " + ROLE);
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
                }
                System.out.println("LocalInfra: created database " + DATABASE);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void requireFreePort(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException("port " + port + " for " + what + " is already in use", e);
        }
    }

    record Options(int postgresPort, int redisPort, Path data) {

        static Options parse(String[] args) {
            int postgres = 0;
            int redis = 0;
            Path data = null;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--postgres" -> postgres = port(name, value);
                    case "--redis" -> redis = port(name, value);
                    case "--data" -> data = Path.of(value).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown argument " + name);
                }
            }
            if (data == null) {
                throw new IllegalArgumentException("--data DIR is required");
            }
            if (postgres == 0 && redis == 0) {
                throw new IllegalArgumentException("nothing to start: give --postgres and/or --redis");
            }
            return new Options(postgres, redis, data);
        }

        private static int port(String name, String value) {
            try {
                int port = Integer.parseInt(value);
                if (port > 0 && port < 65536) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new IllegalArgumentException(name + " needs a port number, got " + value);
        }
    }
}
