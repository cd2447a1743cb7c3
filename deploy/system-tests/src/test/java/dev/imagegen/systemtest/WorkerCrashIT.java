package dev.imagegen.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two worker processes against a slow fake OpenAI, on streams of their own: the one holding a job is
 * killed with SIGKILL in the middle of its provider call, and the other finishes the job with one image.
 */
@ExtendWith(Suite.class)
class WorkerCrashIT {

    private static final String PATH = "/v1/images/generations";
    /** One transparent pixel: the bytes do not matter, only that there is one image per job. */
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    private final String prefix = "crash-" + UUID.randomUUID();
    private final List<Process> workers = new ArrayList<>();
    private final WireMockServer provider = new WireMockServer(wireMockConfig().dynamicPort()
            .asynchronousResponseEnabled(true));
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws IOException {
        workers.forEach(Process::destroyForcibly);
        provider.stop();
        try (Redis redis = new Redis()) {
            redis.call("DEL", prefix + ":jobs", prefix + ":events", prefix + ":jobs:dead",
                    prefix + ":ratelimit:provider");
        }
    }

    @Test
    void aJobWhoseWorkerIsKilledMidCallIsFinishedByTheOtherWithOneImage() throws Exception {
        provider.start();
        provider.stubFor(get(urlPathMatching("/v1/models/.*")).willReturn(okJson("{\"id\":\"dall-e-3\"}")));
        provider.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":[{\"b64_json\":\"" + PNG + "\",\"revised_prompt\":\"a lighthouse, revised\"}]}")));
        int firstPort = Suite.BASE_PORT + 12;
        Map<Long, Process> byPid = Map.of(
                start(firstPort).pid(), workers.get(0),
                start(firstPort + 1).pid(), workers.get(1));
        awaitReady(firstPort);
        awaitReady(firstPort + 1);

        UUID jobId = UUID.randomUUID();
        try (Redis redis = new Redis()) {
            String payload = json.writeValueAsString(Map.of("v", 1, "job_id", jobId.toString(),
                    "user_id", UUID.randomUUID().toString(), "prompt", "a lighthouse at dusk", "model", "dall-e-3",
                    "size", "1024x1024", "quality", "standard", "style", "vivid",
                    "requested_at", Instant.now().toString(), "attempt", 1));
            redis.call("XADD", prefix + ":jobs", "*", "payload", payload);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> provider.findAll(postRequestedFor(urlEqualTo(PATH))).size() == 1);
            // The consumer name ends in the process id: kill exactly the worker that holds the job.
            List<?> pending = (List<?>) redis.call("XPENDING", prefix + ":jobs", "workers", "-", "+", "10");
            assertThat(pending).hasSize(1);
            String holder = (String) ((List<?>) pending.get(0)).get(1);
            Process victim = byPid.get(Long.parseLong(holder.substring(holder.lastIndexOf('-') + 1)));
            assertThat(victim).as("the worker holding the job").isNotNull();
            victim.destroyForcibly(); // SIGKILL: no shutdown hook, no acknowledgement, a call left open
            victim.waitFor();

            await().atMost(Duration.ofSeconds(60)).until(() -> succeededCalls(jobId) == 1
                    && ((List<?>) redis.call("XPENDING", prefix + ":jobs", "workers", "-", "+", "10")).isEmpty());

            List<JsonNode> events = events(redis, jobId);
            assertThat(events).extracting(e -> e.path("type").asText()).contains("generated")
                    .doesNotContain("failed");
            assertThat(events).filteredOn(e -> e.path("type").asText().equals("generated"))
                    .extracting(e -> e.path("claim_key").asText()).containsOnly(prefix + ":claim:" + jobId);
            assertThat(redis.call("EXISTS", prefix + ":claim:" + jobId)).isEqualTo(1L);
            assertThat(succeededCalls(jobId)).isEqualTo(1);
            // The killed call and the survivor's: a crash costs at most one more call, never a second image.
            assertThat(provider.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(2);
            redis.call("DEL", prefix + ":claim:" + jobId);
        }
    }

    private Process start(int port) throws IOException {
        ProcessBuilder builder = Suite.service("worker-service", port, prefix);
        Map<String, String> env = builder.environment();
        env.put("OPENAI_API_KEY", "sk-systemtest-not-a-real-key");
        env.put("OPENAI_BASE_URL", provider.baseUrl() + "/v1");
        // A claim idle this long is abandoned: short, so the test need not wait the default minute.
        env.put("IMAGEGEN_STREAMS_CLAIM_IDLE", "3s");
        env.put("IMAGEGEN_PROVIDER_IMAGES_PER_MINUTE", "6000");
        Process process = builder.start();
        workers.add(process);
        return process;
    }

    private void awaitReady(int port) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("a worker exited", () -> workers.stream().anyMatch(p -> !p.isAlive()))
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private int succeededCalls(UUID jobId) throws Exception {
        String url = "jdbc:" + Suite.DATABASE_URL;
        try (Connection db = DriverManager.getConnection(url, "imagegen", "imagegen");
                PreparedStatement query = db.prepareStatement(
                        "select count(*) from worker.provider_calls where job_id = ? and outcome = 'succeeded'")) {
            query.setObject(1, jobId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private List<JsonNode> events(Redis redis, UUID jobId) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Object entry : (List<?>) redis.call("XRANGE", prefix + ":events", "-", "+")) {
            List<?> fields = (List<?>) ((List<?>) entry).get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("payload".equals(fields.get(i))) {
                    JsonNode event = json.readTree((String) fields.get(i + 1));
                    if (event.path("job_id").asText().equals(jobId.toString())) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }

    /** Just enough of the Redis protocol to add a job and read the streams, with no client library. */
    private static final class Redis implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Redis() throws IOException {
            URI uri = URI.create(System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"));
            socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        Object call(String... args) throws IOException {
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            command.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                command.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                command.writeBytes(bytes);
                command.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(command.toByteArray());
            out.flush();
            return read();
        }

        private Object read() throws IOException {
            int type = in.read();
            String line = line();
            return switch (type) {
                case '+' -> line;
                case '-' -> throw new IOException("Redis: " + line);
                case ':' -> Long.parseLong(line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        yield null;
                    }
                    byte[] bytes = in.readNBytes(length + 2);
                    yield new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
                case '*' -> {
                    int count = Integer.parseInt(line);
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        items.add(read());
                    }
                    yield count < 0 ? null : items;
                }
                default -> throw new IOException("Unexpected Redis reply type " + (char) type);
            };
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                line.append((char) c);
            }
            in.read(); // the \n
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
