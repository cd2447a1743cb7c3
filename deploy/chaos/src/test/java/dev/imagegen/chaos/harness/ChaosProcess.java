package dev.imagegen.chaos.harness;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One packaged service running as a process of its own ({@code java -jar …/quarkus-run.jar}): it keeps its port,
 * management port and environment across restarts, and appends to one log file.
 */
public final class ChaosProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final int replica;
    private final int port;
    private final int managementPort;
    private final Path jar;
    private final Path log;
    private final Map<String, String> env;
    private Process process;

    ChaosProcess(Service service, int replica, int port, Path jar, Path log, Map<String, String> env) {
        this.service = service;
        this.replica = replica;
        this.port = port;
        this.managementPort = Ports.free();
        this.jar = jar;
        this.log = log;
        this.env = new LinkedHashMap<>(env);
        this.env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // only used where the service has its management interface enabled (then /q/* lives there)
        this.env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
    }

    public Service service() {
        return service;
    }

    /** 1-based: worker 1 and worker 2. */
    public int replica() {
        return replica;
    }

    /** e.g. {@code worker-2}. */
    public String name() {
        return service.module().replace("-service", "") + "-" + replica;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** This process's environment (a copy); change it for the next start with {@link #setEnv}. */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** Sets (or with null removes) a variable for the next start. */
    public synchronized void setEnv(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public synchronized void start() throws IOException {
        if (alive()) {
            return;
        }
        Files.createDirectories(log.getParent());
        Files.writeString(log, "\n==== start " + java.time.Instant.now() + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder("java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar",
                jar.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // nothing of the developer's shell reaches the suite: no real key, no other database or Redis
        builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("DATABASE_")
                || k.startsWith("REDIS_") || k.startsWith("IMAGEGEN_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        process = builder.start();
    }

    /** SIGKILL: no shutdown hook, no acknowledgement, whatever was in flight is left as it was. */
    public void kill9() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGTERM and a wait for the graceful shutdown (SIGKILL after 40 s). */
    public void stop() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(40, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** kill -9, start again, wait until ready. */
    public void restart() throws IOException {
        kill9();
        start();
        awaitReady();
    }

    /** The status of {@code /q/health/ready} (on the management port where there is one), -1 when no answer. */
    public int readiness() {
        for (int p : List.of(managementPort, port)) {
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p
                        + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() != 404) {
                    return ready.statusCode();
                }
            } catch (IOException e) {
                // not listening on this port (no management interface, or not up yet): try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    public boolean ready() {
        return readiness() == 200;
    }

    /** Waits up to 90 s for readiness, failing at once if the process exits; the log's end says why. */
    public void awaitReady() {
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .failFast(name() + " exited", () -> !alive())
                    .until(this::ready);
        } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            throw new IllegalStateException(name() + " did not become ready; its log ends with:\n" + tail(40), e);
        }
    }

    /** The last lines of this process's log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name() + "(port " + port + ", pid " + pid() + ")";
    }
}
