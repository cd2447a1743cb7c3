package dev.imagegen.worker.account;

import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class UserDeletionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventPublisher publisher;

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    StreamsConfig streams;


    @Test
    void userDeletedAnonymisesTheUsersProviderCallsButKeepsTheirCost() {
        JobMessage leaving = render(UUID.randomUUID(), "a farewell card");
        JobMessage staying = render(UUID.randomUUID(), "a welcome card");

        publish(UserEvent.deleted(leaving.userId()));

        await().atMost(WAIT).until(() -> call(leaving).getUUID("user_id") == null);
        Row anonymised = call(leaving);
        assertThat(anonymised.getString("revised_prompt")).isNull();
        assertThat(anonymised.getString("outcome")).isEqualTo("succeeded");
        assertThat(anonymised.getBigDecimal("cost")).isNotNull();
        assertThat(count(leaving.userId())).isZero();

        Row kept = call(staying);
        assertThat(kept.getUUID("user_id")).isEqualTo(staying.userId());
        assertThat(kept.getString("revised_prompt")).isEqualTo("a welcome card (offline render)");

        // Delivered again, it finds nothing left to do.
        publish(UserEvent.deleted(leaving.userId()));
        await().atMost(WAIT).until(() -> redis.stream(String.class)
                .xpending(UserEvent.stream(streams), AccountEraser.GROUP).getPendingCount() == 0);
        assertThat(call(staying).getUUID("user_id")).isEqualTo(staying.userId());
    }

    /** Queues a job for the user and waits until the worker has recorded its provider call as made. */
    private JobMessage render(UUID userId, String prompt) {
        JobMessage job = new JobMessage(JobMessage.VERSION, UUID.randomUUID(), userId, prompt, "dall-e-3",
                "1024x1024", "standard", "vivid", null, Instant.now(), 1);
        publisher.enqueue(job).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> call(job) != null && call(job).getString("outcome").equals("succeeded"));
        assertThat(call(job).getUUID("user_id")).isEqualTo(userId);
        return job;
    }

    private Row call(JobMessage job) {
        var rows = pool.preparedQuery("select user_id, revised_prompt, outcome, cost from worker.provider_calls"
                + " where job_id = $1").execute(Tuple.of(job.jobId())).await().atMost(WAIT);
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    private long count(UUID userId) {
        return pool.preparedQuery("select count(*) from worker.provider_calls where user_id = $1")
                .execute(Tuple.of(userId)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private void publish(UserEvent event) {
        publisher.publish(event).await().atMost(Duration.ofSeconds(5));
    }
}
