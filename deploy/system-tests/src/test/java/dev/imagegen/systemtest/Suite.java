package dev.imagegen.systemtest;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Starts the five packaged services as processes, once for every system test, on ports of their own
 * and with streams of their own, against the real Redis and PostgreSQL of this machine.
 */
public final class Suite implements BeforeAllCallback, AutoCloseable {

    /** Five consecutive free ports, so two runs on one machine do not collide. */
    public static final int BASE_PORT = Integer.getInteger("imagegen.systemtest.base-port", freeBasePort());
    public static final String GATEWAY = "http://127.0.0.1:" + BASE_PORT;
    public static final Path ROOT = Path.of(System.getProperty("imagegen.root", "../..")).toAbsolutePath().normalize();
    public static final Path WORK = ROOT.resolve("deploy/system-tests/target/suite");
    public static final String DATABASE_URL = System.getProperty("imagegen.systemtest.database-url",
            "postgresql://127.0.0.1:5432/" + System.getenv().getOrDefault("IMAGEGEN_TEST_DB", "imagegen_test"));

    /** The email of this run's admin (a fresh one, so runs never share an admin). */
    public static final String ADMIN_EMAIL = "admin-" + UUID.randomUUID() + "@systemtest.local";

    /** The one-time token this run's gateway is given: {@link SuiteUser#admin()} claims it to become the admin. */
    public static final String ADMIN_SETUP_TOKEN = "systest-" + UUID.randomUUID();

    /** The gateway's burst of image requests and chat messages per user in this run (default 20). */
    public static final int GENERATE_BURST = 100;

    /** Where this run's gateway keeps its JWT key pair. */
    public static final Path DATA = WORK.resolve("data-" + UUID.randomUUID());

    /** This run's stream names start with it; a service started by a test with it joins the suite. */
    public static final String STREAMS_PREFIX = "systest-" + UUID.randomUUID();

    private static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        // The gateway first: it makes the JWT key pair the others verify with.
        SERVICES.put("gateway-service", BASE_PORT);
        SERVICES.put("generation-service", BASE_PORT + 1);
        SERVICES.put("worker-service", BASE_PORT + 2);
        SERVICES.put("gallery-service", BASE_PORT + 3);
        SERVICES.put("chat-service", BASE_PORT + 4);
    }

    /** The gateway serves /q/* on a management port of its own: this run's, by the gateway's HTTP port. */
    private static final Map<Integer, Integer> MANAGEMENT_PORTS = new ConcurrentHashMap<>();

    private final List<Process> processes = new ArrayList<>();
    /** Held while the run lasts: see {@link SuiteDatabase#holdAdminState()}. */
    private Connection adminState;

    private static int freeBasePort() {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            // Below Linux's ephemeral range (32768 and up), so no client socket or port-0 listener of this run
            // takes one of them; the tests use base to base + 39.
            int base = 20000 + random.nextInt(1200) * 10;
            if (IntStream.range(base, base + 40).allMatch(Suite::free)) {
                return base;
            }
        }
        throw new IllegalStateException("No forty consecutive free ports found");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Suite.class, key -> {
                    try {
                        start();
                    } catch (Exception e) {
                        close();
                        throw new IllegalStateException("The suite did not start: " + e.getMessage(), e);
                    }
                    return this;
                });
    }

    private void start() throws IOException, SQLException {
        Files.createDirectories(WORK.resolve("logs"));
        // The first admin is made with the setup token only while there is none: earlier runs' admins step down.
        adminState = SuiteDatabase.holdAdminState();
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            ProcessBuilder builder = service(service.getKey(), service.getValue(), STREAMS_PREFIX);
            processes.add(builder.start());
            if (service.getValue() == BASE_PORT) {
                awaitReady(service.getKey(), service.getValue());
            }
        }
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            awaitReady(service.getKey(), service.getValue());
        }
    }

    /**
     * A packaged service as a process on {@code port}, with streams under {@code prefix}, the suite's data
     * directory and database, and the offline provider unless the caller sets OPENAI_API_KEY.
     */
    static ProcessBuilder service(String name, int port, String prefix) {
        Path jar = ROOT.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first");
        }
        String log = Integer.valueOf(port).equals(SERVICES.get(name)) ? name + ".log" : name + "-" + port + ".log";
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("logs").resolve(log).toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        if (name.equals("gateway-service")) {
            int management = MANAGEMENT_PORTS.computeIfAbsent(port, ignored -> freePort());
            env.put("MANAGEMENT_PORT", String.valueOf(management));
        }
        env.put("IMAGEGEN_DATA_DIR", DATA.toString());
        env.put("IMAGEGEN_STREAMS_PREFIX", prefix);
        env.put("DATABASE_URL", DATABASE_URL);
        env.put("GENERATION_SERVICE_URL", "http://127.0.0.1:" + (BASE_PORT + 1));
        env.put("GALLERY_SERVICE_URL", "http://127.0.0.1:" + (BASE_PORT + 3));
        env.put("CHAT_SERVICE_URL", "http://127.0.0.1:" + (BASE_PORT + 4));
        env.put("ADMIN_SETUP_TOKEN", ADMIN_SETUP_TOKEN); // read by the gateway only
        // Every suite user signs up and logs in from 127.0.0.1, so they all share one sign-in bucket.
        env.put("IMAGEGEN_RATELIMIT_GROUPS_AUTH_CAPACITY", "1000");
        // Some tests post a long chat history quickly; the refill rate stays the default.
        env.put("IMAGEGEN_RATELIMIT_GROUPS_GENERATE_CAPACITY", String.valueOf(GENERATE_BURST));
        env.remove("OPENAI_API_KEY"); // the offline provider, unless a test says otherwise
        return builder;
    }

    /** Starts one more instance of a service, e.g. a second gateway, as part of this run's suite. */
    public static Process startExtra(String name, int port) throws IOException {
        return service(name, port, STREAMS_PREFIX).start();
    }

    /** Where the service on {@code port} serves health, metrics and OpenAPI: the gateway's management port. */
    public static String operations(int port) {
        return "http://127.0.0.1:" + MANAGEMENT_PORTS.getOrDefault(port, port);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a service started by a test answers ready, failing if its process ends first. */
    public static void awaitReady(int port, Process process) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(operations(port) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("the process exited", () -> !process.isAlive())
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private void awaitReady(String name, int port) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(operations(port) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .failFast("a service exited", () -> processes.stream().anyMatch(p -> !p.isAlive()))
                    .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            Path log = WORK.resolve("logs").resolve(name + ".log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            throw new IllegalStateException(name + " did not become ready; its log ends with:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())), e);
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (adminState != null) {
            try {
                adminState.close(); // ends the session, which releases its advisory lock
            } catch (SQLException e) {
                System.out.println("[suite] closing the admin state connection: " + e.getMessage());
            }
            adminState = null;
        }
    }
}
