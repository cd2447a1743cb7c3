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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
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
        awaitStage(user, job, "started").body("status", equalTo("pending")).body("progress", equalTo(5));

        publish(JobEvent.progress(job, "rendering", 40));
        awaitStage(user, job, "rendering").body("status", equalTo("pending")).body("progress", equalTo(40));

        JobEvent generated = JobEvent.generated(job, "a lighthouse at dusk, oil painting", "gpt-image-2.6-flare",
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
                .body("image_data.model", equalTo("gpt-image-2.6-flare"))
                .body("image_data.image_url", equalTo("/images/" + imageId + "/content"))
                .body("image_data.thumbnail_url", equalTo("/images/" + imageId + "/thumbnail"))
                .body("n", equalTo(1))
                .body("images.id", contains(imageId.toString()));
    }

    @Test
    void aJobOfSeveralImagesShowsTheFirstAsTheSeedsImageAndListsThemAll() {
        TestUser user = TestUser.create();
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse", "n", 3, "output_format", "webp", "background", "transparent"))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id");
        JobMessage job = new JobMessage(1, UUID.fromString(taskId), user.id(), "a lighthouse", "gpt-image-2.6-flare",
                "1024x1024", "medium", null, null, Instant.now(), 1, 3, "transparent", "webp", null, "auto", null,
                null);
        JobEvent generated = JobEvent.generated(job, null, "gpt-image-2.6-flare", "1024x1024", "medium",
                new BigDecimal("0.041"), List.of("c0", "c1", "c2"), "image/webp", null);
        publish(generated);
        List<JobEvent.StoredImage> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID id = UUID.randomUUID();
            images.add(new JobEvent.StoredImage(id, "/images/" + id + "/content", "/images/" + id + "/thumbnail"));
        }
        publish(JobEvent.stored(generated, images));

        awaitStatus(user, job, "completed")
                .body("n", equalTo(3))
                .body("image_data.id", equalTo(images.get(0).imageId().toString()))
                .body("image_data.image_url", equalTo(images.get(0).imageUrl()))
                .body("images.id", contains(images.stream().map(i -> i.imageId().toString()).toArray()))
                .body("images.image_url", contains(images.stream().map(JobEvent.StoredImage::imageUrl).toArray()))
                .body("images.thumbnail_url", contains(images.stream().map(JobEvent.StoredImage::thumbnailUrl)
                        .toArray()));
    }

    @Test
    void replayedAndLateEventsChangeNothing() {
        TestUser user = TestUser.create();
        JobMessage job = submit(user);
        publish(JobEvent.started(job));
        publish(JobEvent.progress(job, "rendering", 60));
        awaitStage(user, job, "rendering").body("progress", equalTo(60));

        // A redelivered earlier step must not move the job backwards.
        publish(JobEvent.progress(job, "preparing", 20));
        publish(JobEvent.started(job));
        publish(JobEvent.failed(job.jobId(), job.userId(), null, "provider_error", "The provider is down", true));
        awaitStatus(user, job, "failed")
                .body("progress", equalTo(60))
                .body("error.code", equalTo("provider_error"))
                .body("error.message", equalTo("The provider is down"))
                .body("image_data", nullValue());

        // Nothing moves a job that failed, not even its late image on its way...
        JobEvent generated = JobEvent.generated(job, "late", "dall-e-3", BigDecimal.ONE, "claim", "image/png");
        publish(generated);
        publish(JobEvent.progress(job, "rendering", 70));
        JobMessage marker = submit(user);
        publish(JobEvent.started(marker));
        awaitStage(user, marker, "started");
        given().auth().oauth2(user.token()).get("/images/tasks/{id}/status", job.jobId())
                .then().body("status", equalTo("failed")).body("progress", equalTo(60))
                .body("image_data", nullValue());

        // ...but once the image is in the user's gallery the job completed after all, and says so
        UUID lateImage = UUID.randomUUID();
        publish(JobEvent.stored(generated, lateImage, "/images/x/content", "/images/x/thumbnail"));
        awaitStatus(user, job, "completed").body("error", nullValue());
        publish(JobEvent.failed(job.jobId(), job.userId(), null, "provider_error", "The provider is down", true));
        JobMessage secondMarker = submit(user);
        publish(JobEvent.started(secondMarker));
        awaitStage(user, secondMarker, "started");
        given().auth().oauth2(user.token()).get("/images/tasks/{id}/status", job.jobId())
                .then().body("status", equalTo("completed"));
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
        awaitStage(user, marker, "started");
        given().auth().oauth2(user.token()).get("/images/tasks/{id}/status", job.jobId())
                .then().body("status", equalTo("pending")).body("stage", equalTo("queued"));
    }

    private JobMessage submit(TestUser user) {
        String taskId = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse"))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id");
        return new JobMessage(1, UUID.fromString(taskId), user.id(), "a lighthouse", "gpt-image-2.6-flare",
                "1024x1024", "medium", null, null, Instant.now(), 1);
    }

    private void publish(JobEvent event) {
        publisher.publish(event).await().atMost(Duration.ofSeconds(5));
    }

    private ValidatableResponse awaitStatus(TestUser user, JobMessage job, String status) {
        return awaitField(user, job, "status", status);
    }

    /** The stage, not the status: a job stays pending through every step before it completes. */
    private ValidatableResponse awaitStage(TestUser user, JobMessage job, String stage) {
        return awaitField(user, job, "stage", stage);
    }

    private ValidatableResponse awaitField(TestUser user, JobMessage job, String field, String value) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(user.token())
                .get("/images/tasks/{id}/status", job.jobId()).then().body(field, equalTo(value)));
        return given().auth().oauth2(user.token()).get("/images/tasks/{id}/status", job.jobId()).then();
    }
}
