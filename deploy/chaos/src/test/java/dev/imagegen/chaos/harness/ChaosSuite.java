package dev.imagegen.chaos.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The packaged suite as processes on a Redis and a PostgreSQL of its own: one gateway, two generation-service
 * replicas, two workers, gallery and chat, and a fake OpenAI the workers call. Started once per test run by
 * {@link ChaosExtension}; a test gets it as a parameter or from {@link #get()}.
 *
 * <p>The gateway forwards to generation replica 1, chat to replica 2; every service uses the same streams
 * (prefix {@code imagegen}) and database {@code imagegen}, each its own schema.
 */
public final class ChaosSuite {

    /** Signs up and logs in from 127.0.0.1 many times a run, and submits streams of jobs: the limits are raised. */
    public static final int RAISED_RATE_LIMIT = 1_000_000;

    private static volatile ChaosSuite running;

    private final Path root = Path.of(System.getProperty("imagegen.root", "../..")).toAbsolutePath().normalize();
    private final Path work = Path.of(System.getProperty("chaos.work", "target/chaos")).toAbsolutePath()
            .resolve("run-" + System.currentTimeMillis());
    private final String adminEmail = "admin-" + UUID.randomUUID() + "@chaos.local";
    /** The gateway's one-time admin setup token in this run; {@link #admin()} spends it. */
    private final String adminSetupToken = "chaos-setup-" + UUID.randomUUID();
    private final PrivateRedis redis = new PrivateRedis(work.resolve("redis"));
    private final PrivatePostgres postgres = new PrivatePostgres(work.resolve("postgres"));
    private final FakeOpenAi openAi = new FakeOpenAi();
    private final Map<Service, List<ChaosProcess>> processes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    ChaosSuite() {
    }

    /** The running suite; only inside a test class extended with {@link ChaosExtension}. */
    public static ChaosSuite get() {
        if (running == null) {
            throw new IllegalStateException("the chaos suite is not running: extend the test with ChaosExtension");
        }
        return running;
    }

    // ---- lifecycle (ChaosExtension)

    void start() throws Exception {
        Files.createDirectories(work);
        redis.start();
        postgres.start();
        openAi.start();
        add(Service.GATEWAY, 1);
        add(Service.GENERATION, 1);
        add(Service.GENERATION, 2);
        add(Service.WORKER, 1);
        add(Service.WORKER, 2);
        add(Service.GALLERY, 1);
        add(Service.CHAT, 1);
        // the gateway first: it makes the JWT key pair the others verify with
        ChaosProcess gateway = process(Service.GATEWAY, 1);
        gateway.start();
        gateway.awaitReady();
        for (ChaosProcess p : processes()) {
            p.start();
        }
        awaitAllReady();
        running = this;
    }

    void stop() {
        running = null;
        List<CompletableFuture<Void>> stops = processes().stream()
                .map(p -> CompletableFuture.runAsync(p::stop)).toList();
        stops.forEach(CompletableFuture::join);
        openAi.stop();
        try {
            postgres.stop();
            redis.stop();
        } catch (IOException e) {
            System.err.println("chaos suite: stopping Redis/PostgreSQL failed: " + e.getMessage());
        }
        ChaosReport.publish();
    }

    /**
     * Brings back whatever a previous test left stopped or killed (Redis, PostgreSQL, any process) and waits until
     * every process answers ready, so each test class starts from a whole suite.
     */
    public void heal() throws Exception {
        if (!redis.running()) {
            redis.start();
        }
        if (!postgres.running()) {
            postgres.start();
        }
        for (ChaosProcess p : processes()) {
            if (!p.alive()) {
                p.start();
            }
        }
        awaitAllReady();
    }

    /** Waits until every process answers ready (in parallel), failing with the log of one that does not. */
    public void awaitAllReady() {
        List<CompletableFuture<Void>> ready = processes().stream()
                .map(p -> CompletableFuture.runAsync(p::awaitReady)).toList();
        try {
            ready.forEach(CompletableFuture::join);
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void add(Service service, int replica) {
        Path jar = root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -B package "
                    + "-DskipTests -pl common,gateway-service,generation-service,worker-service,gallery-service,"
                    + "chat-service -am)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IMAGEGEN_DATA_DIR", work.resolve("data").toString());
        // every request in each process's log, to tell a request that never arrived from one that hung
        env.put("QUARKUS_HTTP_ACCESS_LOG_ENABLED", "true");
        env.put("QUARKUS_HTTP_ACCESS_LOG_PATTERN", "%h \"%r\" %s %b %D ms");
        env.put("DATABASE_URL", postgres.url());
        env.put("DATABASE_USER", PrivatePostgres.ROLE);
        env.put("DATABASE_PASSWORD", PrivatePostgres.PASSWORD);
        env.put("REDIS_URL", redis.url());
        env.put("ADMIN_SETUP_TOKEN", adminSetupToken);
        env.put("IMAGEGEN_RATELIMIT_GROUPS_AUTH_CAPACITY", String.valueOf(RAISED_RATE_LIMIT));
        env.put("IMAGEGEN_RATELIMIT_GROUPS_AUTH_REFILL_PER_MINUTE", String.valueOf(RAISED_RATE_LIMIT));
        env.put("IMAGEGEN_RATELIMIT_GROUPS_GENERATE_CAPACITY", String.valueOf(RAISED_RATE_LIMIT));
        env.put("IMAGEGEN_RATELIMIT_GROUPS_GENERATE_REFILL_PER_MINUTE", String.valueOf(RAISED_RATE_LIMIT));
        env.put("IMAGEGEN_RATELIMIT_GROUPS_API_CAPACITY", String.valueOf(RAISED_RATE_LIMIT));
        env.put("IMAGEGEN_RATELIMIT_GROUPS_API_REFILL_PER_MINUTE", String.valueOf(RAISED_RATE_LIMIT));
        // generous daily limits: scenarios that test a budget set the user's own
        env.put("MAX_IMAGES_PER_USER_PER_DAY", "100000");
        env.put("MAX_MONTHLY_COST_PER_USER", "100000");
        env.put("RESERVATION_SWEEP_INTERVAL", "5s");
        if (service == Service.GATEWAY || service == Service.GENERATION || service == Service.CHAT) {
            env.put("GALLERY_SERVICE_URL", urlOf(Service.GALLERY, 1));
            env.put("CHAT_SERVICE_URL", urlOf(Service.CHAT, 1));
            env.put("GENERATION_SERVICE_URL", urlOf(Service.GENERATION, service == Service.CHAT ? 2 : 1));
        }
        if (service == Service.WORKER) {
            env.put("OPENAI_API_KEY", "sk-chaos-not-a-real-key");
            env.put("OPENAI_BASE_URL", openAi.baseUrl(replica));
            env.put("IMAGEGEN_PROVIDER_IMAGES_PER_MINUTE", "60000");
            env.put("IMAGEGEN_WORKER_RATE_LIMIT_BURST", "1000");
            env.put("DALLE_TIMEOUT_SECONDS", "5");
            // a killed worker's entries are taken over within seconds rather than a minute
            env.put("IMAGEGEN_STREAMS_CLAIM_IDLE", "3s");
        }
        Path log = work.resolve("logs").resolve(service.module() + "-" + replica + ".log");
        processes.computeIfAbsent(service, s -> new ArrayList<>())
                .add(new ChaosProcess(service, replica, portOf(service, replica), jar, log, env));
    }

    /** Each replica's port, chosen on first mention, so a URL is known before its process is added. */
    private String urlOf(Service service, int replica) {
        return "http://127.0.0.1:" + portOf(service, replica);
    }

    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private int portOf(Service service, int replica) {
        return ports.computeIfAbsent(service + "-" + replica, k -> Ports.free());
    }

    // ---- where things are

    public String gatewayUrl() {
        return process(Service.GATEWAY, 1).url();
    }

    /** Replica {@code replica} (1-based) of a service. */
    public ChaosProcess process(Service service, int replica) {
        return processes.get(service).get(replica - 1);
    }

    /** Every replica of a service. */
    public List<ChaosProcess> processes(Service service) {
        return List.copyOf(processes.get(service));
    }

    /** Every process of the suite, the gateway first. */
    public List<ChaosProcess> processes() {
        return processes.values().stream().flatMap(List::stream).toList();
    }

    /** The direct URL of every replica of a service. */
    public List<String> urls(Service service) {
        return processes(service).stream().map(ChaosProcess::url).toList();
    }

    public PrivateRedis redis() {
        return redis;
    }

    public PrivatePostgres postgres() {
        return postgres;
    }

    public FakeOpenAi openAi() {
        return openAi;
    }

    /** The streams' prefix: {@code imagegen:jobs}, {@code imagegen:events}… (the Redis is the run's own). */
    public String streamsPrefix() {
        return "imagegen";
    }

    /** The folder the gateway keeps its JWT key pair in ({@code jwt/privateKey.pem}, {@code jwt/publicKey.pem}). */
    public Path dataDir() {
        return work.resolve("data");
    }

    /** The email of this run's admin. */
    public String adminEmail() {
        return adminEmail;
    }

    /** This run's folder: logs/, redis/, postgres/, data/. */
    public Path workDir() {
        return work;
    }

    // ---- users and HTTP

    /** A new user, registered and logged in through the gateway. */
    public ChaosUser register() {
        return register("chaos-" + UUID.randomUUID() + "@example.test");
    }

    public ChaosUser register(String email) {
        String password = "correct horse battery staple";
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        HttpResponse<String> registered = send("POST", gatewayUrl() + "/auth/register", null, credentials);
        if (registered.statusCode() != 201) {
            throw new IllegalStateException("register " + email + ": " + registered.statusCode() + " "
                    + registered.body());
        }
        HttpResponse<String> login = send("POST", gatewayUrl() + "/auth/login", null, credentials);
        if (login.statusCode() != 200) {
            throw new IllegalStateException("login " + email + ": " + login.statusCode() + " " + login.body());
        }
        String token = read(login.body()).path("access_token").asText();
        JsonNode claims = read(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1])));
        return new ChaosUser(email, password, token, UUID.fromString(claims.path("sub").asText()));
    }

    /** The run's admin ({@link #adminEmail()}), registered on first use and made admin with the setup token. */
    public synchronized ChaosUser admin() {
        if (admin == null) {
            ChaosUser user = register(adminEmail);
            HttpResponse<String> setup = send("POST", gatewayUrl() + "/admin/setup", user.token(),
                    "{\"setup_token\":\"" + adminSetupToken + "\"}");
            if (setup.statusCode() != 200) {
                throw new IllegalStateException("admin setup answered " + setup.statusCode() + ": " + setup.body());
            }
            admin = new ChaosUser(user.email(), user.password(), read(setup.body()).path("access_token").asText(),
                    user.id());
        }
        return admin;
    }

    private ChaosUser admin;

    /**
     * One HTTP/1.1 request, {@code token} as bearer (or none when null), {@code body} as JSON (or none when null);
     * a request that gets no answer within 30 s throws.
     */
    public HttpResponse<String> send(String method, String url, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The suite's HTTP client (HTTP/1.1), for requests {@link #send} does not cover. */
    public HttpClient http() {
        return http;
    }

    public JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    // ---- the database and Redis

    /** A new connection to database {@code imagegen} as role {@code imagegen}; close it. */
    public Connection db() throws SQLException {
        return postgres.connect();
    }

    /** The rows of a query, each column by its label. */
    public List<Map<String, Object>> rows(String sql, Object... args) throws SQLException {
        try (Connection db = db(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<Map<String, Object>> all = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), rows.getObject(c));
                    }
                    all.add(row);
                }
                return all;
            }
        }
    }

    /** The first column of the first row of a query, as a number (a count). */
    public long count(String sql, Object... args) throws SQLException {
        List<Map<String, Object>> rows = rows(sql, args);
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    /** A write (INSERT, UPDATE, DELETE); answers the rows changed. */
    public int update(String sql, Object... args) throws SQLException {
        try (Connection db = db(); PreparedStatement update = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                update.setObject(i + 1, args[i]);
            }
            return update.executeUpdate();
        }
    }

    /** A new connection to the run's Redis; close it. */
    public RespClient redisClient() throws IOException {
        return redis.client();
    }
}
