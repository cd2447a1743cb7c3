package dev.imagegen.generation.job;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.LedgerRows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two generation replicas read one events stream in one consumer group, so events of one job are applied at
 * once, in any order, and again on redelivery. Here every event of each job is applied at the same moment, each
 * twice, as replicas would.
 */
@QuarkusTest
class ConcurrentEventsTest {

    private static final int JOBS = 25;
    private static final BigDecimal COST = new BigDecimal("0.036525");
    private static final TokenUsage USAGE = new TokenUsage(120, 0, 20, 0, 1200, 0);

    @Inject
    JobService jobs;

    @Test
    void eventsAppliedAtOnceAndTwiceCompleteEveryJobAndChargeItOnce() throws Throwable {
        TestUser user = TestUser.create();
        List<JobEvent> events = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            UUID jobId = submit(user);
            ids.add(jobId);
            JobMessage job = new JobMessage(JobMessage.VERSION, jobId, user.id(), "a lighthouse at dusk",
                    "gpt-image-2.6-flare", "1024x1024", "medium", null, null, Instant.now(), 1);
            JobEvent generated = JobEvent.generated(job, "a lighthouse at dusk, oil", "gpt-image-2.6-flare",
                    "1024x1024", "medium", COST, List.of("claim:" + jobId), "image/png", USAGE);
            UUID imageId = UUID.randomUUID();
            JobEvent stored = JobEvent.stored(generated, imageId, "/images/" + imageId + "/content",
                    "/images/" + imageId + "/thumbnail");
            events.addAll(List.of(JobEvent.started(job), JobEvent.progress(job, "rendering", 40), generated, stored,
                    generated, stored));
        }

        applyAtOnce(events);

        for (UUID jobId : ids) {
            Object[] row = LedgerRows.rows("SELECT status, image_id, revised_prompt, cost, last_seq FROM"
                    + " generation.jobs WHERE id = ?1", jobId).get(0);
            assertThat(row[0]).as("job %s", jobId).isEqualTo("COMPLETED");
            assertThat(row[1]).as("job %s", jobId).isNotNull();
            assertThat(row[2]).isEqualTo("a lighthouse at dusk, oil");
            assertThat(row[3]).isEqualTo(COST);
            assertThat(row[4]).isEqualTo(JobEvent.SEQ_STORED);
            assertThat(LedgerRows.charge(jobId)).as("charge of %s", jobId).isEqualTo(List.of("SETTLED", COST));
            assertThat(LedgerRows.tokens(jobId)).containsExactly(120L, 0L, 20L, 1200L, 0L);
        }
        BigDecimal spend = (BigDecimal) LedgerRows.value("SELECT sum(amount) FROM generation.charges"
                + " WHERE user_id = ?1 AND state = 'SETTLED'", user.id());
        assertThat(spend).isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(JOBS)));
    }

    @Test
    void aFailureAppliedThriceAtOnceRefundsOnceAndOnlyAStoredImageChargesTheJobAgain() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = submit(user);
        JobMessage job = new JobMessage(JobMessage.VERSION, jobId, user.id(), "a lighthouse at dusk",
                "gpt-image-2.6-flare", "1024x1024", "medium", null, null, Instant.now(), 1);
        JobEvent refused = JobEvent.failed(jobId, user.id(), null, "content_policy_violation", "refused", false);

        applyAtOnce(List.of(refused, refused, refused));

        assertThat(LedgerRows.charge(jobId).get(0)).isEqualTo("RELEASED");
        assertThat(LedgerRows.value("SELECT status FROM generation.jobs WHERE id = ?1", jobId)).isEqualTo("FAILED");

        // A duplicate entry of the job ran after all: generated alone gives the user nothing, so nothing is charged
        JobEvent generated = JobEvent.generated(job, null, "gpt-image-2.6-flare", "1024x1024", "medium", COST,
                List.of("claim:" + jobId), "image/png", USAGE);
        applyAtOnce(List.of(generated, generated));
        assertThat(LedgerRows.charge(jobId).get(0)).isEqualTo("RELEASED");
        assertThat(LedgerRows.value("SELECT status FROM generation.jobs WHERE id = ?1", jobId)).isEqualTo("FAILED");

        // ...but once its image is in the gallery, the job completed and is charged, once
        UUID imageId = UUID.randomUUID();
        JobEvent stored = JobEvent.stored(generated, imageId, "/images/" + imageId + "/content",
                "/images/" + imageId + "/thumbnail");
        applyAtOnce(List.of(stored, stored));
        assertThat(LedgerRows.charge(jobId)).isEqualTo(List.of("SETTLED", COST));
        assertThat(LedgerRows.value("SELECT status FROM generation.jobs WHERE id = ?1", jobId))
                .isEqualTo("COMPLETED");
    }

    /** Applies every event on its own thread, all released together, as replicas would. */
    private void applyAtOnce(List<JobEvent> events) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(events.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> calls = new ArrayList<>();
            for (JobEvent event : events) {
                calls.add(pool.submit(() -> {
                    start.await();
                    try {
                        return VertxContextSupport.subscribeAndAwait(() -> jobs.apply(event));
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            start.countDown();
            for (Future<Boolean> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static UUID submit(TestUser user) {
        return UUID.fromString(given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse at dusk", "model", "gpt-image-2.6-flare", "size", "1024x1024",
                        "quality", "medium"))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id"));
    }
}
