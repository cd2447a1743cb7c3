package dev.imagegen.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A browser's progress connection: collects every JSON event the gateway pushes. */
public final class ProgressSocket implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private ProgressSocket(String query) {
        String url = Suite.GATEWAY.replace("http", "ws") + "/ws/progress?" + query;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), this).join();
    }

    /** Opens the user's connection as the web app does: with a single-use ticket, never the token in the URL. */
    public static ProgressSocket open(SuiteUser user) {
        String ticket = user.request().when().post("/ws/tickets").then().statusCode(200).extract().path("ticket");
        return new ProgressSocket("ticket=" + ticket);
    }

    /** Opens a connection with any token in the query, as older clients do, to see it refused. */
    public static ProgressSocket openWith(String token) {
        return new ProgressSocket("access_token=" + token);
    }

    public List<JsonNode> events() {
        return List.copyOf(events);
    }

    public List<JsonNode> eventsOf(String taskId) {
        return events.stream().filter(e -> taskId.equals(e.path("task_id").asText())).toList();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                events.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("the gateway sent something that is not JSON: " + partial, e);
            } finally {
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
