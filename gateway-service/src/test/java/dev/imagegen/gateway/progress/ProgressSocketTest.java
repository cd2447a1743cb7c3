package dev.imagegen.gateway.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.ChatEvent;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.TestTokens;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class ProgressSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL server;

    @Inject
    Vertx vertx;

    @Inject
    EventPublisher publisher;

    @Inject
    ProgressHub hub;

    @Inject
    ObjectMapper json;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    StreamsConfig streams;

    private WebSocketClient client;

    @BeforeEach
    void createClient() {
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void closeClient() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void pushesOnlyTheCallersOwnEventsInOrder() {
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Listener annSocket = connect(ann, true);
        Listener bobSocket = connect(bob, false);
        JobMessage annJob = job(ann);
        JobMessage bobJob = job(bob);

        publish(JobEvent.queued(annJob));
        publish(JobEvent.queued(bobJob));
        publish(JobEvent.stored(generated(annJob), UUID.randomUUID(), "/images/x/content", "/images/x/thumbnail"));

        await().atMost(WAIT).until(() -> annSocket.received().size() >= 2 && !bobSocket.received().isEmpty());
        List<JsonNode> annEvents = annSocket.received();
        assertThat(annEvents).hasSize(2);
        assertThat(annEvents).allSatisfy(m -> assertThat(m.path("task_id").asText()).isEqualTo(annJob.jobId().toString()));
        assertThat(annEvents.get(0).path("type").asText()).isEqualTo("queued");
        assertThat(annEvents.get(0).path("status").asText()).isEqualTo("pending");
        assertThat(annEvents.get(0).path("seq").asInt()).isZero();
        assertThat(annEvents.get(1).path("type").asText()).isEqualTo("stored");
        assertThat(annEvents.get(1).path("status").asText()).isEqualTo("completed");
        assertThat(annEvents.get(1).path("progress").asInt()).isEqualTo(100);
        assertThat(annEvents.get(1).path("image_url").asText()).isEqualTo("/images/x/content");
        assertThat(annEvents.get(1).path("thumbnail_url").asText()).isEqualTo("/images/x/thumbnail");
        assertThat(annEvents.get(1).path("revised_prompt").asText()).isEqualTo("a lighthouse, revised");
        assertThat(EventIds.compare(annEvents.get(0).path("event_id").asText(),
                annEvents.get(1).path("event_id").asText())).isNegative();

        assertThat(bobSocket.received()).singleElement()
                .satisfies(m -> assertThat(m.path("task_id").asText()).isEqualTo(bobJob.jobId().toString()));
    }

    @Test
    void aJobOfSeveralImagesArrivesWithEveryImageInOrder() {
        UUID ann = UUID.randomUUID();
        Listener annSocket = connect(ann, true);
        JobMessage annJob = job(ann);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        publish(JobEvent.stored(generated(annJob), List.of(
                new JobEvent.StoredImage(first, "/images/" + first + "/content", "/images/" + first + "/thumbnail"),
                new JobEvent.StoredImage(second, "/images/" + second + "/content",
                        "/images/" + second + "/thumbnail"))));

        await().atMost(WAIT).until(() -> !annSocket.received().isEmpty());
        JsonNode stored = annSocket.received().get(0);
        assertThat(stored.path("image_id").asText()).isEqualTo(first.toString());
        assertThat(stored.path("images").findValuesAsText("image_id")).containsExactly(first.toString(),
                second.toString());
        assertThat(stored.path("images").get(1).path("image_url").asText())
                .isEqualTo("/images/" + second + "/content");
    }

    @Test
    void pushesChangesOfTheCallersThreadsInOrderBesideTheirJobEvents() throws Exception {
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Listener annSocket = connect(ann, true);
        Listener bobSocket = connect(bob, false);
        UUID thread = UUID.randomUUID();

        publishChat(ann, thread, "{\"id\":\"m1\",\"role\":\"user\",\"content\":\"/image a fox\"}");
        publishChat(ann, thread, "{\"id\":\"m2\",\"role\":\"assistant\",\"status\":\"pending\"}");
        publishChat(bob, UUID.randomUUID(), "{\"id\":\"b1\",\"role\":\"user\"}");
        publishChat(ann, thread, "{\"id\":\"m2\",\"role\":\"assistant\",\"status\":\"completed\"}");
        publish(JobEvent.queued(job(ann)));

        await().atMost(WAIT).until(() -> annSocket.received().size() == 4 && bobSocket.received().size() == 1);
        List<JsonNode> chat = annSocket.received().stream().filter(m -> "chat.message".equals(m.path("type").asText()))
                .toList();
        assertThat(chat).extracting(m -> m.path("thread_id").asText()).containsOnly(thread.toString());
        assertThat(chat).extracting(m -> m.path("message").path("id").asText() + ":"
                + m.path("message").path("status").asText("-")).containsExactly("m1:-", "m2:pending", "m2:completed");
        assertThat(chat).allSatisfy(m -> assertThat(m.has("event_id")).isFalse());
        assertThat(bobSocket.received().get(0).path("message").path("id").asText()).isEqualTo("b1");
    }

    @Test
    void pushesTheDocumentedChatEvent() throws Exception {
        Matcher example = Pattern.compile("```\\n(\\{\"v\":1,\"type\":\"chat\\.message\".*?)\\n```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("..", "docs", "events.md")));
        assertThat(example.find()).isTrue();
        JsonNode documented = json.readTree(example.group(1));
        UUID owner = UUID.fromString(documented.path("user_id").asText());
        Listener socket = connect(owner, true);

        redis.stream(String.class, String.class, String.class)
                .xadd(ChatEvent.streamKey(streams.prefix()), Map.of(EventPublisher.PAYLOAD, example.group(1)))
                .await().atMost(WAIT);

        await().atMost(WAIT).until(() -> !socket.received().isEmpty());
        JsonNode pushed = socket.received().get(0);
        assertThat(pushed.path("type").asText()).isEqualTo("chat.message");
        assertThat(pushed.path("thread_id")).isEqualTo(documented.path("thread_id"));
        assertThat(pushed.path("message")).isEqualTo(documented.path("message"));
    }

    private void publishChat(UUID user, UUID thread, String message) throws JsonProcessingException {
        String payload = json.writeValueAsString(ChatEvent.message(user, thread, json.readTree(message)));
        redis.stream(String.class, String.class, String.class)
                .xadd(ChatEvent.streamKey(streams.prefix()), Map.of(EventPublisher.PAYLOAD, payload))
                .await().atMost(WAIT);
    }

    @Test
    void sendsFailuresWithTheirError() {
        UUID ann = UUID.randomUUID();
        Listener socket = connect(ann, true);
        JobMessage job = job(ann);

        publish(JobEvent.failed(job.jobId(), ann, null, "content_policy", "The prompt was refused", false));

        await().atMost(WAIT).until(() -> !socket.received().isEmpty());
        JsonNode failed = socket.received().get(0);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asText()).isEqualTo("content_policy");
        assertThat(failed.path("error").path("message").asText()).isEqualTo("The prompt was refused");
    }

    @Test
    void replaysMissedEventsWhenTheClientAsks() throws Exception {
        UUID ann = UUID.randomUUID();
        JobMessage job = job(ann);
        String lastSeen = missSomeEvents(ann, job);

        Listener socket = connect(ann, true);
        socket.socket().writeTextMessage("{\"resume_from\": \"" + lastSeen + "\"}");
        await().atMost(WAIT).until(() -> socket.received().size() == 2);
        publish(generated(job));

        await().atMost(WAIT).until(() -> socket.received().size() == 3);
        assertThat(socket.received()).extracting(m -> m.path("type").asText())
                .containsExactly("started", "progress", "generated");
        assertThat(socket.received()).extracting(m -> m.path("status").asText()).containsOnly("pending");
    }

    @Test
    void replaysMissedEventsNamedAtTheUpgrade() throws Exception {
        UUID ann = UUID.randomUUID();
        JobMessage job = job(ann);
        String lastSeen = missSomeEvents(ann, job);

        Listener socket = open(ann, options("/ws/progress?access_token=" + TestTokens.valid(ann) + "&resume_from="
                + lastSeen));
        publish(generated(job));

        await().atMost(WAIT).until(() -> socket.received().size() == 3);
        assertThat(socket.received()).extracting(m -> m.path("type").asText())
                .containsExactly("started", "progress", "generated");
    }

    /** Sees a job's first event, disconnects, misses two more (and another user's); returns the last id seen. */
    private String missSomeEvents(UUID user, JobMessage job) throws Exception {
        Listener first = connect(user, true);
        publish(JobEvent.queued(job));
        await().atMost(WAIT).until(() -> first.received().size() == 1);
        String lastSeen = first.received().get(0).path("event_id").asText();
        first.socket().close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !hub.isListening(user));

        publish(JobEvent.started(job));
        publish(JobEvent.failed(UUID.randomUUID(), UUID.randomUUID(), null, "other", "someone else's", false));
        publish(JobEvent.progress(job, "generating", 40));
        awaitReaderPassedEverything();
        return lastSeen;
    }

    /** The reader handles entries in order: once a fresh listener's event arrives, every earlier one was handled. */
    private void awaitReaderPassedEverything() throws Exception {
        UUID sentinel = UUID.randomUUID();
        Listener listener = connect(sentinel, false);
        publish(JobEvent.queued(job(sentinel)));
        await().atMost(WAIT).until(() -> listener.received().size() == 1);
        listener.socket().close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void answersAnUnreadableResumeRequestWithAnError() {
        UUID ann = UUID.randomUUID();
        Listener socket = connect(ann, true);

        socket.socket().writeTextMessage("{\"resume_from\": \"yesterday\"}");

        await().atMost(WAIT).until(() -> !socket.received().isEmpty());
        assertThat(socket.received().get(0).path("type").asText()).isEqualTo("error");
        assertThat(socket.received().get(0).path("error").path("code").asText()).isEqualTo("invalid_message");
    }

    @Test
    void acceptsTheTokenAsAHeader() {
        UUID ann = UUID.randomUUID();
        Listener socket = connect(ann, false);
        publish(JobEvent.queued(job(ann)));
        await().atMost(WAIT).until(() -> socket.received().size() == 1);
    }

    @Test
    void refusesAnUpgradeWithoutAValidToken() {
        UUID ann = UUID.randomUUID();
        assertRefused(options("/ws/progress"));
        assertRefused(options("/ws/progress?access_token=garbage"));
        assertRefused(options("/ws/progress?access_token=" + TestTokens.expired(ann)));
        assertRefused(options("/ws/progress?access_token=" + TestTokens.wrongIssuer(ann)));
        assertRefused(options("/ws/progress").addHeader("Authorization", "Bearer garbage"));
    }

    private void assertRefused(WebSocketConnectOptions options) {
        assertThatThrownBy(() -> client.connect(options).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(UpgradeRejectedException.class,
                        rejected -> assertThat(rejected.getStatus()).isEqualTo(401));
    }

    private record Listener(WebSocket socket, List<JsonNode> received) {
    }

    private Listener connect(UUID user, boolean tokenInQuery) {
        String token = TestTokens.valid(user);
        return open(user, tokenInQuery
                ? options("/ws/progress?access_token=" + token)
                : options("/ws/progress").addHeader("Authorization", "Bearer " + token));
    }

    private Listener open(UUID user, WebSocketConnectOptions options) {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        try {
            // The handler is set on the connection's event loop as the handshake completes: a replay sent at
            // once (resume_from at the upgrade) would otherwise arrive before it and be dropped.
            WebSocket socket = client.connect(options)
                    .map(connected -> {
                        connected.textMessageHandler(text -> received.add(read(text)));
                        return connected;
                    })
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            // The server registers the connection just after the handshake; events before that are not for it.
            await().atMost(WAIT).until(() -> hub.isListening(user));
            return new Listener(socket, received);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect", e);
        }
    }

    private WebSocketConnectOptions options(String uri) {
        return new WebSocketConnectOptions().setHost(server.getHost()).setPort(server.getPort()).setURI(uri);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void publish(JobEvent event) {
        publisher.publish(event).await().atMost(WAIT);
    }

    private static JobMessage job(UUID user) {
        return new JobMessage(JobMessage.VERSION, UUID.randomUUID(), user, "a lighthouse", "dall-e-3", "1024x1024",
                "standard", "vivid", null, Instant.now(), 1);
    }

    private static JobEvent generated(JobMessage job) {
        return JobEvent.generated(job, "a lighthouse, revised", "dall-e-3", BigDecimal.ONE, "claim", "image/png");
    }
}
