package dev.imagegen.generation.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.LedgerRows;
import dev.imagegen.generation.quota.MovableClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** A job committed without its entry on the jobs stream still runs: the reconciler or a retry queues it. */
@QuarkusTest
class QueueReconcilerTest {

    @Inject
    QueueReconciler reconciler;
    @Inject
    RedisDataSource redis;
    @Inject
    StreamKeys keys;
    @Inject
    ObjectMapper json;

    @AfterEach
    void recover() {
        FailingEnqueue.fail(false);
        MovableClock.reset();
    }

    @Test
    void aJobWhoseEntryWasNeverWrittenIsQueuedByTheReconcilerOnce() throws Throwable {
        TestUser user = TestUser.create();
        FailingEnqueue.fail(true);
        UUID jobId = taskId(submit(user, null).then().statusCode(202)
                .body("status", equalTo("pending")));
        FailingEnqueue.fail(false);
        assertThat(entries(jobId)).isEmpty();
        assertThat(LedgerRows.charge(jobId).get(0)).isEqualTo("RESERVED");

        // younger than imagegen.outbox.requeue-after (5 s): its submit may still be writing it
        requeue();
        assertThat(entries(jobId)).isEmpty();

        MovableClock.moveBy(Duration.ofSeconds(6));
        requeue();
        requeue();

        assertThat(entries(jobId)).hasSize(1).first().satisfies(message -> {
            assertThat(message.userId()).isEqualTo(user.id());
            assertThat(message.prompt()).isEqualTo("a lighthouse at dusk");
        });
        assertThat(LedgerRows.value("SELECT enqueued_at IS NOT NULL FROM generation.jobs WHERE id = ?1", jobId))
                .isEqualTo(true);
        given().auth().oauth2(user.token()).when().get("/images/tasks/{id}/status", jobId)
                .then().statusCode(200).body("status", equalTo("pending")).body("stage", equalTo("queued"));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyQueuesTheJobItsFirstTryLeftUnqueued() throws Throwable {
        TestUser user = TestUser.create();
        String key = UUID.randomUUID().toString();
        FailingEnqueue.fail(true);
        UUID jobId = taskId(submit(user, key).then().statusCode(202));
        FailingEnqueue.fail(false);
        assertThat(entries(jobId)).isEmpty();

        assertThat(taskId(submit(user, key).then().statusCode(202))).isEqualTo(jobId);
        assertThat(entries(jobId)).hasSize(1);

        assertThat(taskId(submit(user, key).then().statusCode(202))).isEqualTo(jobId);
        MovableClock.moveBy(Duration.ofSeconds(6));
        requeue();
        assertThat(entries(jobId)).hasSize(1);
        assertThat(LedgerRows.value("SELECT count(*) FROM generation.charges WHERE job_id = ?1", jobId))
                .isEqualTo(1L);
    }

    private void requeue() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> reconciler.requeue());
    }

    /** The job's entries on the jobs stream, which is what workers read. */
    private List<JobMessage> entries(UUID jobId) {
        return redis.stream(String.class).xrange(keys.jobs(), StreamRange.of("-", "+")).stream()
                .map(entry -> read(entry.payload().get(EventPublisher.PAYLOAD)))
                .filter(message -> message.jobId().equals(jobId))
                .toList();
    }

    private JobMessage read(String payload) {
        try {
            return json.readValue(payload, JobMessage.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID taskId(ValidatableResponse response) {
        return UUID.fromString(response.extract().path("task_id"));
    }

    private static Response submit(TestUser user, String idempotencyKey) {
        var request = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse at dusk"));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().post("/images/generate");
    }
}
