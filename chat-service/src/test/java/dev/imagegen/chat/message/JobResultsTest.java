package dev.imagegen.chat.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.imagegen.common.events.ChatEvent;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.common.testing.WireMockTestResource.InjectWireMock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.imagegen.chat.message.ChatApi.accepts;
import static dev.imagegen.chat.message.ChatApi.messages;
import static dev.imagegen.chat.message.ChatApi.openThread;
import static dev.imagegen.chat.message.ChatApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The job events of an /image reply, read from the real events stream, turn it into the image. */
@QuarkusTest
class JobResultsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PROMPT = "a cute golden retriever puppy playing in a garden";

    @InjectWireMock
    WireMockServer generation;

    private final EventPublisher publisher;
    private final RedisDataSource redis;
    private final StreamsConfig streams;
    private final ObjectMapper json;

    JobResultsTest(EventPublisher publisher, RedisDataSource redis, StreamsConfig streams, ObjectMapper json) {
        this.publisher = publisher;
        this.redis = redis;
        this.streams = streams;
        this.json = json;
    }

    @Test
    void theReplyFollowsItsJobToTheImageAndARedeliveredResultChangesNothing() {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        UUID task = accepts(generation, thread);
        String replyId = post(user, thread, "/image " + PROMPT).getString("replies[0].id");
        JobMessage job = job(task, user.id(), thread);

        publish(JobEvent.queued(job));
        publish(JobEvent.started(job));
        publish(JobEvent.progress(job, "rendering", 40));
        await().atMost(WAIT).until(() -> reply(user, thread).getInt("progress") == 40);
        assertThat(reply(user, thread).getString("stage")).isEqualTo("rendering");

        JobEvent generated = JobEvent.generated(job, PROMPT + " (offline render)", "offline", BigDecimal.ZERO,
                "claim", "image/png");
        publish(generated);
        UUID imageId = UUID.randomUUID();
        JobEvent stored = JobEvent.stored(generated, imageId, "/images/" + imageId + "/content",
                "/images/" + imageId + "/thumbnail");
        publish(stored);
        await().atMost(WAIT).until(() -> "completed".equals(reply(user, thread).getString("status")));

        JsonPath done = reply(user, thread);
        assertThat(done.getString("id")).isEqualTo(replyId);
        assertThat(done.getString("content")).isEqualTo("🖼️ Here is your image: \"" + PROMPT + "\"");
        assertThat(done.getString("image.id")).isEqualTo(imageId.toString());
        assertThat(done.getString("image.image_url")).isEqualTo("/images/" + imageId + "/content");
        assertThat(done.getString("image.thumbnail_url")).isEqualTo("/images/" + imageId + "/thumbnail");
        assertThat(done.getString("image.revised_prompt")).isEqualTo(PROMPT + " (offline render)");
        assertThat(done.getString("image.size")).isEqualTo("1024x1024");
        assertThat(new BigDecimal(done.getString("image.cost"))).isZero();
        assertThat(done.getList("images")).as("a list only for several images").isNull();
        String updatedAt = done.getString("updated_at");

        // Redelivered and replayed events: the same single reply, unchanged, and nothing more announced.
        await().atMost(WAIT).until(() -> "completed".equals(last(announcements(thread)).path("status").asText()));
        int announced = announcements(thread).size();
        publish(stored);
        publish(JobEvent.progress(job, "rendering", 40));
        JobEvent marker = publishMarker(user.id(), thread);
        await().atMost(WAIT).until(() -> messages(user, thread).getList("items").size() == 3);
        JsonPath after = messages(user, thread);
        assertThat(after.getList("items.role")).containsExactly("user", "assistant", "assistant");
        assertThat(after.getString("items[1].updated_at")).isEqualTo(updatedAt);
        assertThat(after.getString("items[2].task_id")).isEqualTo(marker.jobId().toString());
        await().atMost(WAIT).until(() -> announcements(thread).size() > announced);
        List<JsonNode> live = announcements(thread);
        assertThat(live.subList(announced, live.size())).extracting(e -> e.path("id").asText())
                .containsExactly(after.getString("items[2].id"));
    }

    @Test
    void aJobOfSeveralImagesShowsEveryOne() {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        UUID task = accepts(generation, thread);
        String replyId = post(user, thread, "/image " + PROMPT + " --n 3 --format webp --transparent")
                .getString("replies[0].id");
        JobMessage job = new JobMessage(1, task, user.id(), PROMPT, "gpt-image-2.6-flare", "1024x1024", "medium",
                null, UUID.fromString(thread), Instant.now(), 1, 3, "transparent", "webp", null, null, null, null);
        TokenUsage usage = new TokenUsage(14, 0, 0, 0, 1_317, 0);
        BigDecimal cost = new BigDecimal("0.039580");
        JobEvent generated = JobEvent.generated(job, PROMPT, "gpt-image-2.6-flare", "1024x1024", "medium", cost,
                List.of("claim-0", "claim-1", "claim-2"), "image/webp", usage);
        List<JobEvent.StoredImage> images = List.of(stored(), stored(), stored());

        publish(JobEvent.started(job));
        publish(generated);
        publish(JobEvent.stored(generated, images));
        await().atMost(WAIT).until(() -> "completed".equals(reply(user, thread).getString("status")));

        JsonPath done = reply(user, thread);
        assertThat(done.getString("id")).isEqualTo(replyId);
        assertThat(done.getString("content")).isEqualTo("🖼️ Here are your 3 images: \"" + PROMPT + "\"");
        assertThat(done.getString("image.id")).isEqualTo(images.get(0).imageId().toString());
        assertThat(done.getString("image.image_url")).isEqualTo(images.get(0).imageUrl());
        assertThat(new BigDecimal(done.getString("image.cost"))).isEqualByComparingTo(cost);
        assertThat(done.getList("images.id")).containsExactlyElementsOf(
                images.stream().map(i -> i.imageId().toString()).toList());
        assertThat(done.getList("images.image_url"))
                .containsExactlyElementsOf(images.stream().map(JobEvent.StoredImage::imageUrl).toList());
        assertThat(done.getList("images.thumbnail_url"))
                .containsExactlyElementsOf(images.stream().map(JobEvent.StoredImage::thumbnailUrl).toList());
        await().atMost(WAIT).until(() -> last(announcements(thread)).path("images").size() == 3);
    }

    private static JobEvent.StoredImage stored() {
        UUID id = UUID.randomUUID();
        return new JobEvent.StoredImage(id, "/images/" + id + "/content", "/images/" + id + "/thumbnail");
    }

    @Test
    void announcesEveryChangeOfTheThreadInOrder() {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        UUID task = accepts(generation, thread);
        post(user, thread, "/image " + PROMPT);
        JobMessage job = job(task, user.id(), thread);
        publish(JobEvent.started(job));
        publish(JobEvent.failed(task, user.id(), UUID.fromString(thread), "content_policy",
                "The provider refused the prompt under its content policy", false));
        await().atMost(WAIT).until(() -> "failed".equals(reply(user, thread).getString("status")));
        assertThat(reply(user, thread).getString("content"))
                .isEqualTo("⚠️ The image could not be generated: The provider refused the prompt under its content "
                        + "policy");

        await().atMost(WAIT).until(() -> announcements(thread).size() == 4);
        List<JsonNode> live = announcements(thread);
        assertThat(live).extracting(e -> e.path("role").asText())
                .containsExactly("user", "assistant", "assistant", "assistant");
        assertThat(live).extracting(e -> e.path("status").asText(null))
                .containsExactly(null, "pending", "pending", "failed");
        assertThat(live.get(2).path("stage").asText()).isEqualTo("started");
        assertThat(live.get(3).path("error_code").asText()).isEqualTo("content_policy");
    }

    @Test
    void aResultThatArrivesBeforeGenerationServiceAnswersStillLandsInTheReply() throws Exception {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        UUID task = UUID.randomUUID();
        // generation-service queues the job, then answers slowly: the worker is done before chat knows the task id.
        generation.stubFor(ChatApi.generate(thread).willReturn(aResponse().withStatus(202).withFixedDelay(1500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"task_id\":\"" + task + "\",\"status\":\"pending\",\"estimated_time\":15}")));
        CompletableFuture<JsonPath> posting = CompletableFuture.supplyAsync(() -> post(user, thread, "/image " + PROMPT));
        JobMessage job = job(task, user.id(), thread);
        JobEvent generated = JobEvent.generated(job, PROMPT + " (offline render)", "offline", BigDecimal.ZERO,
                "claim", "image/png");
        publish(JobEvent.started(job));
        publish(JobEvent.stored(generated, UUID.randomUUID(), "/images/y/content", "/images/y/thumbnail"));

        String replyId = posting.get(WAIT.toSeconds(), TimeUnit.SECONDS).getString("replies[0].id");
        await().atMost(WAIT).until(() -> "completed".equals(reply(user, thread).getString("status")));
        assertThat(reply(user, thread).getString("id")).isEqualTo(replyId);
        assertThat(messages(user, thread).getList("items")).hasSize(2);
    }

    @Test
    void eventsOfAnotherUsersThreadOrADeletedThreadPostNothing() {
        TestUser owner = TestUser.create();
        String thread = openThread(owner);
        TestUser stranger = TestUser.create();
        publishStored(stranger.id(), thread); // a forged thread id in someone else's job
        publishStored(owner.id(), UUID.randomUUID().toString());
        publishMarker(owner.id(), thread);
        await().atMost(WAIT).until(() -> messages(owner, thread).getList("items").size() == 1);
        assertThat(messages(owner, thread).getList("items.role")).containsExactly("assistant");
    }

    /** A job asked for through the API with a thread id: its result gets a reply of its own. */
    private JobEvent publishMarker(UUID userId, String thread) {
        return publishStored(userId, thread);
    }

    private JobEvent publishStored(UUID userId, String thread) {
        JobMessage job = job(UUID.randomUUID(), userId, thread);
        JobEvent generated = JobEvent.generated(job, "marker", "offline", BigDecimal.ZERO, "claim", "image/png");
        JobEvent stored = JobEvent.stored(generated, UUID.randomUUID(), "/images/x/content", "/images/x/thumbnail");
        publish(stored);
        return stored;
    }

    private static JsonNode last(List<JsonNode> nodes) {
        return nodes.isEmpty() ? MissingNode.getInstance()
                : nodes.get(nodes.size() - 1);
    }

    private JsonPath reply(TestUser user, String thread) {
        return new JsonPath(messages(user, thread).prettify()).setRootPath("items[1]");
    }

    private List<JsonNode> announcements(String thread) {
        return redis.stream(String.class, String.class, String.class)
                .xrange(ChatEvent.streamKey(streams.prefix()), StreamRange.of("-", "+")).stream()
                .map(entry -> read(entry.payload().get(EventPublisher.PAYLOAD)))
                .filter(event -> thread.equals(event.path("thread_id").asText()))
                .peek(event -> assertThat(event.path("type").asText()).isEqualTo(ChatEvent.MESSAGE))
                .map(event -> event.path("message"))
                .toList();
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void publish(JobEvent event) {
        publisher.publish(event).await().atMost(WAIT);
    }

    private static JobMessage job(UUID jobId, UUID userId, String thread) {
        return new JobMessage(1, jobId, userId, PROMPT, "dall-e-3", "1024x1024", "standard", "vivid",
                UUID.fromString(thread), Instant.now(), 1);
    }
}
