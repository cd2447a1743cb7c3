package dev.imagegen.chaos.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The gateway used the ordinary way, to set up what the abuse runs need (users, an image, a collection, a thread,
 * a share link) and to show afterwards that the suite still works.
 */
public final class AbuseClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";

    private final String gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param gateway e.g. {@code http://127.0.0.1:8080} */
    public AbuseClient(String gateway) {
        this.gateway = gateway;
    }

    /** A freshly registered and logged-in user. */
    public record User(String email, String token, String id) {
    }

    public User register() throws IOException, InterruptedException {
        String email = "abuse-" + UUID.randomUUID() + "@example.test";
        String credentials = JSON.writeValueAsString(java.util.Map.of("email", email, "password", PASSWORD));
        expect(201, send("POST", "/auth/register", null, credentials));
        JsonNode login = JSON.readTree(expect(200, send("POST", "/auth/login", null, credentials)).body());
        String token = login.path("access_token").asText();
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return new User(email, token, claims.path("sub").asText());
    }

    /**
     * Registers {@code users} users, and for the first one makes an image (a whole job, end to end), a collection,
     * a thread and a share link.
     */
    public HostileRequests.Fixture fixture(int users) throws IOException, InterruptedException {
        List<User> registered = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            registered.add(register());
        }
        User owner = registered.get(0);
        JsonNode done = generateAndWait(owner.token(), "a lighthouse before the storm", Duration.ofSeconds(90));
        String taskId = done.path("task_id").asText();
        String imageId = done.path("image_data").path("id").asText();
        String collection = JSON.readTree(expect(201, send("POST", "/collections", owner.token(),
                "{\"name\":\"abuse\"}")).body()).path("id").asText();
        String thread = JSON.readTree(expect(201, send("POST", "/chat/threads", owner.token(),
                "{\"title\":\"abuse\"}")).body()).path("id").asText();
        String share = JSON.readTree(expect(201, send("POST", "/images/" + imageId + "/share", owner.token(), ""))
                .body()).path("token").asText();
        return new HostileRequests.Fixture(registered.stream().map(User::token).toList(), owner.id(), imageId,
                collection, thread, share, taskId);
    }

    /** Asks for an image and waits for the job's end; answers the finished task's status, completed or not. */
    public JsonNode generateAndWait(String token, String prompt, Duration timeout)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("prompt", prompt));
        String taskId = JSON.readTree(expect(202, send("POST", "/images/generate", token, body)).body())
                .path("task_id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = JSON.readTree(expect(200, send("GET", "/images/tasks/" + taskId + "/status", token,
                    null)).body());
            if (!"pending".equals(status.path("status").asText()) || System.nanoTime() > deadline) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) status).put("task_id", taskId);
                return status;
            }
            Thread.sleep(250); // polling the status is what a client does; there is nothing else to wait on
        }
    }

    /** An authenticated (or, with a null token, anonymous) call; a null body sends none. */
    public HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return send(gateway, method, path, token, body);
    }

    /** The same, to any service's base URL. */
    public HttpResponse<String> send(String base, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath()
                    + " answered " + response.statusCode() + " instead of " + status + ": " + response.body());
        }
        return response;
    }
}
