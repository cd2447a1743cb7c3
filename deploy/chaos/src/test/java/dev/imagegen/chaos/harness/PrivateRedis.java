package dev.imagegen.chaos.harness;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The run's own Redis, with AOF on (as the shipped deployments run it), on a fixed port and directory so it can
 * be stopped and started again with its data: {@code /usr/bin/redis-server} where installed, else
 * embedded-redis.
 */
public final class PrivateRedis {

    private static final Path SERVER = Path.of("/usr/bin/redis-server");

    private final int port;
    private final Path dir;
    private Process process;
    private RedisServer embedded;

    PrivateRedis(Path dir) {
        this.port = Ports.free();
        this.dir = dir;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A new connection; close it. */
    public RespClient client() throws IOException {
        return new RespClient(port);
    }

    public synchronized boolean running() {
        return process != null ? process.isAlive() : embedded != null && embedded.isActive();
    }

    public synchronized void start() throws IOException {
        if (running()) {
            return;
        }
        Files.createDirectories(dir);
        List<String> settings = List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--maxmemory-policy", "noeviction");
        if (Files.isExecutable(SERVER)) {
            List<String> command = new java.util.ArrayList<>(List.of(SERVER.toString()));
            command.addAll(settings);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } else {
            embedded = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("dir " + dir).setting("appendonly yes").setting("appendfsync everysec")
                    .setting("save \"\"").setting("maxmemory-policy noeviction").soutListener(line -> { }).build();
            embedded.start();
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> {
                    try (RespClient redis = client()) {
                        return "PONG".equals(redis.call("PING"));
                    }
                });
    }

    /** A clean stop: Redis writes its AOF and exits, as on SIGTERM. */
    public synchronized void stop() throws IOException {
        if (process != null) {
            process.destroy();
            waitFor(process);
            process = null;
        } else if (embedded != null) {
            embedded.stop();
            embedded = null;
        }
    }

    /** SIGKILL: whatever the AOF had not written in its last second is gone (only with redis-server). */
    public synchronized void kill9() throws IOException {
        if (process == null) {
            stop();
            return;
        }
        process.destroyForcibly();
        waitFor(process);
        process = null;
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
