package dev.imagegen.chaos.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen.chaos.harness.ChaosSuite;
import dev.imagegen.chaos.harness.ChaosUser;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway used the ordinary way, to set up what the abuse runs need (users, an image, a collection, a thread,
 * a share link) and to show afterwards that the suite still works.
 */
final class AbuseClient {

    private final ChaosSuite suite;

    AbuseClient(ChaosSuite suite) {
        this.suite = suite;
    }

    /**
     * Registers {@code users} users, and for the first one makes an image (a whole job, end to end), a collection,
     * a thread and a share link.
     */
    HostileRequests.Fixture fixture(int users) throws InterruptedException {
        List<ChaosUser> registered = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            registered.add(suite.register());
        }
        ChaosUser owner = registered.get(0);
        JsonNode done = generateAndWait(owner.token(), "a lighthouse before the storm", Duration.ofSeconds(120));
        if (!"completed".equals(done.path("status").asText())) {
            throw new IllegalStateException("the fixture's image did not complete: " + done);
        }
        String imageId = done.path("image_data").path("id").asText();
        String collection = created("/collections", owner, "{\"name\":\"abuse\"}").path("id").asText();
        String thread = created("/chat/threads", owner, "{\"title\":\"abuse\"}").path("id").asText();
        String share = created("/images/" + imageId + "/share", owner, "").path("token").asText();
        return new HostileRequests.Fixture(registered.stream().map(ChaosUser::token).toList(),
                owner.id().toString(), imageId, collection, thread, share, done.path("task_id").asText());
    }

    /** Asks for an image and waits for the job's end; answers the finished task's status, completed or not. */
    JsonNode generateAndWait(String token, String prompt, Duration timeout) throws InterruptedException {
        String body = "{\"prompt\":\"" + prompt + "\"}";
        String taskId = suite.read(expect(202, send("POST", "/images/generate", token, body)).body())
                .path("task_id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = suite.read(expect(200, send("GET", "/images/tasks/" + taskId + "/status", token,
                    null)).body());
            if (!"pending".equals(status.path("status").asText()) || System.nanoTime() > deadline) {
                return ((ObjectNode) status).put("task_id", taskId);
            }
            Thread.sleep(250); // polling the status is what a client does; there is nothing else to wait on
        }
    }

    /** A call to the gateway; a null token calls anonymously, a null body sends none. */
    HttpResponse<String> send(String method, String path, String token, String body) {
        return suite.send(method, suite.gatewayUrl() + path, token, body);
    }

    private JsonNode created(String path, ChaosUser owner, String body) {
        return suite.read(expect(201, send("POST", path, owner.token(), body)).body());
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath()
                    + " answered " + response.statusCode() + " instead of " + status + ": " + response.body());
        }
        return response;
    }
}
