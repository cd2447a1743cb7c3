package dev.imagegen.worker.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.worker.provider.TestImages;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class JobFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventPublisher publisher;
    private final StreamKeys keys;
    private final RedisDataSource redis;
    private final Pool db;
    private final ObjectMapper json;
    private final JobHandler handler;
    private final ModelProfiles models;

    JobFlowTest(EventPublisher publisher, StreamKeys keys, RedisDataSource redis, Pool db, ObjectMapper json,
            JobHandler handler, ModelProfiles models) {
        this.models = models;
        this.publisher = publisher;
        this.keys = keys;
        this.redis = redis;
        this.db = db;
        this.json = json;
        this.handler = handler;
    }

    @Test
    void rendersAJobAndHandsTheImageOverByClaimCheck() throws IOException {
        JobMessage job = job("a cute golden retriever puppy playing in a garden", "1792x1024");
        String entry = publisher.enqueue(job).await().atMost(WAIT);

        await().atMost(WAIT).until(() -> types(job).contains(EventType.GENERATED));
        List<JobEvent> events = events(job);
        assertThat(events).extracting(JobEvent::type)
                .containsExactly(EventType.STARTED, EventType.PROGRESS, EventType.PROGRESS, EventType.PROGRESS,
                        EventType.GENERATED);
        assertThat(events).extracting(JobEvent::seq).isSorted();
        assertThat(events).filteredOn(e -> e.type() == EventType.PROGRESS).extracting(JobEvent::stage)
                .contains("rendering");

        JobEvent generated = events.get(events.size() - 1);
        assertThat(generated.claimKey()).isEqualTo(keys.claimCheck(job.jobId()));
        assertThat(generated.contentType()).isEqualTo("image/png");
        assertThat(generated.model()).isEqualTo("offline");
        assertThat(generated.cost()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(generated.revisedPrompt()).isEqualTo(job.prompt() + " (offline render)");
        assertThat(generated.originalPrompt()).isEqualTo(job.prompt());
        assertThat(generated.allClaimKeys()).containsExactly(generated.claimKey());
        assertThat(generated.size()).isEqualTo("1792x1024");

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                redis.value(byte[].class).get(generated.claimKey())));
        assertThat(image.getWidth()).isEqualTo(1792);
        assertThat(image.getHeight()).isEqualTo(1024);
        assertThat(redis.key().pttl(generated.claimKey())).isPositive();

        await().atMost(WAIT).until(() -> acknowledged(entry));
        List<Row> calls = calls(job);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getString("outcome")).isEqualTo("succeeded");
        assertThat(calls.get(0).getString("provider")).isEqualTo("offline");
        assertThat(calls.get(0).getString("model")).isEqualTo("offline");
        assertThat(calls.get(0).getInteger("attempt")).isEqualTo(1);
        assertThat(calls.get(0).getBigDecimal("cost")).isEqualByComparingTo(BigDecimal.ZERO);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("imagegen_worker_jobs_total{outcome=\"generated\"}"))
                .body(containsString("imagegen_worker_provider_calls_seconds_count"));
    }

    @Test
    void anOfflineJobOfThreeTransparentWebpImagesIsHandedOverInOneEventWithItsUsage() {
        JobMessage job = TestImages.job("three paper lanterns over a river", "gpt-image-2.6-flare", "1024x1536",
                "low", 3, "transparent", "webp", 70);
        String entry = publisher.enqueue(job).await().atMost(WAIT);

        await().atMost(WAIT).until(() -> types(job).contains(EventType.GENERATED) && acknowledged(entry));
        List<JobEvent> generated = events(job).stream().filter(e -> e.type() == EventType.GENERATED).toList();
        assertThat(generated).hasSize(1);
        JobEvent event = generated.get(0);
        assertThat(event.allClaimKeys()).containsExactly(keys.claimCheck(job.jobId(), 0),
                keys.claimCheck(job.jobId(), 1), keys.claimCheck(job.jobId(), 2));
        assertThat(event.contentType()).isEqualTo("image/webp");
        assertThat(event.model()).isEqualTo("offline");
        assertThat(event.cost()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(event.size()).isEqualTo("1024x1536");
        assertThat(event.quality()).isEqualTo("low");
        long perImage = models.find("gpt-image-2.6-flare").orElseThrow().outputTokens("1024x1536", "low");
        assertThat(event.usage().outputImageTokens()).isEqualTo(3 * perImage).isPositive();
        for (String key : event.allClaimKeys()) {
            byte[] bytes = redis.value(byte[].class).get(key);
            assertThat(TestImages.isWebp(bytes)).isTrue();
            BufferedImage image = TestImages.read(bytes);
            assertThat(image.getWidth()).isEqualTo(1024);
            assertThat(image.getHeight()).isEqualTo(1536);
            assertThat(TestImages.hasTransparentCorners(image)).isTrue();
            assertThat(redis.key().pttl(key)).isPositive();
        }
        Row call = calls(job).get(0);
        assertThat(call.getInteger("images")).isEqualTo(3);
        assertThat(call.getString("content_type")).isEqualTo("image/webp");
        assertThat(call.getLong("output_image_tokens")).isEqualTo(3 * perImage);
    }

    @Test
    void aDuplicateJobIsRenderedAndAnnouncedOnce() {
        JobMessage job = TestImages.job("two owls on a branch under the moon", "gpt-image-2", "1024x1024", "medium",
                2, "opaque", "jpeg", 60);
        String first = publisher.enqueue(job).await().atMost(WAIT);
        String second = publisher.enqueue(job).await().atMost(WAIT);

        await().atMost(WAIT).until(() -> acknowledged(first) && acknowledged(second));

        assertThat(calls(job)).hasSize(1);
        assertThat(types(job).stream().filter(t -> t == EventType.STARTED)).hasSize(1);
        List<JobEvent> generated = events(job).stream().filter(e -> e.type() == EventType.GENERATED).toList();
        assertThat(generated).hasSize(1);
        assertThat(generated.get(0).allClaimKeys()).hasSize(2);
        assertThat(generated.get(0).contentType()).isEqualTo("image/jpeg");
        assertThat(generated.get(0).usage()).isNotNull();
    }

    @Test
    void aBadSizeFailsTheJobAtOnceAndIsAcknowledged() {
        JobMessage job = job("a castle", "huge");
        String entry = publisher.enqueue(job).await().atMost(WAIT);

        await().atMost(WAIT).until(() -> types(job).contains(EventType.FAILED));
        JobEvent failed = events(job).stream().filter(e -> e.type() == EventType.FAILED).findFirst().orElseThrow();
        assertThat(failed.code()).isEqualTo("invalid_request");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.message()).contains("huge");
        assertThat(types(job)).doesNotContain(EventType.GENERATED);

        await().atMost(WAIT).until(() -> acknowledged(entry));
        assertThat(redis.key().exists(keys.claimCheck(job.jobId()))).isFalse();
        List<Row> calls = calls(job);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getString("outcome")).isEqualTo("failed");
        assertThat(calls.get(0).getString("error_code")).isEqualTo("invalid_request");
    }

    @Test
    void aDeadLetteredJobFailsWithAClearReason() {
        JobMessage job = job("a storm at sea", "1024x1024");

        handler.deadLettered(job, 5, "delivered 5 times").await().atMost(WAIT);

        JobEvent failed = events(job).get(0);
        assertThat(failed.type()).isEqualTo(EventType.FAILED);
        assertThat(failed.code()).isEqualTo("dead_lettered");
        assertThat(failed.message()).isEqualTo("The job could not be processed after 5 attempts");
        assertThat(failed.retryable()).isFalse();
    }

    @Test
    void readinessNamesTheProvider() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("image-provider"))
                .body("checks.find { it.name == 'image-provider' }.data.provider",
                        equalTo("offline"));
    }

    private JobMessage job(String prompt, String size) {
        return new JobMessage(JobMessage.VERSION, UUID.randomUUID(), UUID.randomUUID(), prompt, "dall-e-3", size,
                "standard", "vivid", null, Instant.now(), 1);
    }

    private StreamCommands<String, String, String> streams() {
        return redis.stream(String.class, String.class, String.class);
    }

    private List<JobEvent> events(JobMessage job) {
        List<JobEvent> events = new ArrayList<>();
        for (StreamMessage<String, String, String> entry : streams().xrange(keys.events(), StreamRange.of("-", "+"))) {
            try {
                JobEvent event = json.readValue(entry.payload().get(EventPublisher.PAYLOAD), JobEvent.class);
                if (event.jobId().equals(job.jobId())) {
                    events.add(event);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    private List<EventType> types(JobMessage job) {
        return events(job).stream().map(JobEvent::type).toList();
    }

    private boolean acknowledged(String entry) {
        List<PendingMessage> pending = streams().xpending(keys.jobs(), JobConsumer.GROUP, StreamRange.of("-", "+"), 1000);
        return pending.stream().noneMatch(p -> p.getMessageId().equals(entry));
    }

    private List<Row> calls(JobMessage job) {
        List<Row> rows = new ArrayList<>();
        db.preparedQuery("select * from worker.provider_calls where job_id = $1 order by created_at")
                .execute(Tuple.of(job.jobId())).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }
}
