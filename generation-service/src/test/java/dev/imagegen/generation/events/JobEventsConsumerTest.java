package dev.imagegen.generation.events;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class JobEventsConsumerTest {

    @Inject
    EventPublisher publisher;

    @Test
    void followsAJobFromQueuedToCompleted() {
        TestUser user = TestUser.create();
        JobMessage job = submit(user);

        publish(JobEvent.started(job));
        awaitStatus(user, job, "pending").body("stage", equalTo("started")).body("progress", equalTo(5));

        publish(JobEvent.progress(job, "rendering", 40));
        awaitStatus(user, job, "pending").body("stage", equalTo("rendering")).body("progress", equalTo(40));

        JobEvent generated = JobEvent.generated(job, "a lighthouse at dusk, oil painting", "dall-e-3",
                new BigDecimal("0.0400"), "claim", "image/png");
        publish(generated);
        UUID imageId = UUID.randomUUID();
        publish(JobEvent.stored(generated, imageId, "/images/" + imageId + "/content",
                "/images/" + imageId + "/thumbnail"));

        awaitStatus(user, job, "completed")
                .body("stage", equalTo("completed"))
                .body("progress", equalTo(100))
                .body("image_data.id", equalTo(imageId.toString()))
                .body("image_data.original_prompt", equalTo("a lighthouse"))
                .body("image_data.revised_prompt", equalTo("a lighthouse at dusk, oil painting"))
                .body("image_data.size", equalTo("1024x1024"))
                .body("image_data.generation_cost", equalTo(0.04f))
                .body("image_data.image_url", equalTo("/images/" + imageId + "/content"))
                .body("image_data.thumbnail_url", equalTo("/images/" + imageId + "/thumbnail"));
    }

    @Test
    void replayedAndLateEventsChangeNothing() {
        TestUser user = TestUser.create();
        JobMessage job = submit(user);
        publish(JobEvent.started(job));
        publish(JobEvent.progress(job, "rendering", 60));
        awaitStatus(user, job, "pending").body("progress", equalTo(60));

        // A redelivered earlier step must not move the job backwards.
        publish(JobEvent.progress(job, "preparing", 20));
        publish(JobEvent.started(job));
        publish(JobEvent.failed(job.jobId(), job.userId(), null, "provider_error", "The provider is down", true));
        awaitStatus(user, job, "failed")
                .body("progress", equalTo(60))
                .body("error.code", equalTo("provider_error"))
                .body("error.message", equalTo("The provider is down"))
                .body("image_data", nullValue());

        // Nothing moves a job that ended.
        JobEvent generated = JobEvent.generated(job, "late", "dall-e-3", BigDecimal.ONE, "claim", "image/png");
        publish(generated);
        UUID lateImage = UUID.randomUUID();
        publish(JobEvent.stored(generated, lateImage, "/images/x/content", "/images/x/thumbnail"));
        JobMessage marker = submit(user);
        publish(JobEvent.started(marker));
        awaitStatus(user, marker, "pending").body("stage", equalTo("started"));
        given().auth().oauth2(user.token()).get("/images/tasks/{id}/status", job.jobId())
                .then().body("status", equalTo("failed")).body("image_data", nullValue());
    }

    @Test
    void ignoresAnEventNamingAnotherUser() {
        TestUser user = TestUser.create();
        JobMessage job = submit(user);
        JobMessage forged = new JobMessage(1, job.jobId(), UUID.randomUUID(), job.prompt(), job.model(), job.size(),
                job.quality(), job.style(), null, Instant.now(), 1);
        publish(JobEvent.failed(forged.jobId(), forged.userId(), null, "x", "forged", false));
        JobMessage marker = submit(user);
        publish(JobEvent.started(marker));
        awaitStatus(user, marker, "pending").body("stage", equalTo("started"));
        given().auth().oauth2(user.token()).get("/images/tasks/{id}/status", job.jobId())
                .then().body("status", equalTo("pending")).body("stage", equalTo("queued"));
    }

    private JobMessage submit(TestUser user) {
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse"))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id");
        return new JobMessage(1, UUID.fromString(taskId), user.id(), "a lighthouse", "dall-e-3", "1024x1024",
                "standard", "vivid", null, Instant.now(), 1);
    }

    private void publish(JobEvent event) {
        publisher.publish(event).await().atMost(Duration.ofSeconds(5));
    }

    private ValidatableResponse awaitStatus(TestUser user, JobMessage job, String status) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(user.token())
                .get("/images/tasks/{id}/status", job.jobId()).then().body("status", equalTo(status)));
        return given().auth().oauth2(user.token()).get("/images/tasks/{id}/status", job.jobId()).then();
    }
}
