package dev.imagegen.gallery.intake;

import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gallery.Pipeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ImageIntakeTest {

    @Inject
    Pipeline pipeline;

    @Test
    void storesGeneratedImageAndAnnouncesIt() {
        UUID user = UUID.randomUUID();
        JobMessage job = pipeline.job(user, "a lighthouse at dusk");

        pipeline.generate(job, Pipeline.png(320, 200));
        JobEvent stored = pipeline.awaitEvent(job.jobId(), EventType.STORED);

        assertThat(stored.userId()).isEqualTo(user);
        assertThat(stored.seq()).isEqualTo(JobEvent.SEQ_STORED);
        assertThat(stored.imageId()).isNotNull();
        assertThat(stored.imageUrl()).isEqualTo("/images/" + stored.imageId() + "/content");
        assertThat(stored.thumbnailUrl()).isEqualTo("/images/" + stored.imageId() + "/thumbnail");
        assertThat(stored.cost()).isEqualByComparingTo(new BigDecimal("0.04"));
        assertThat(pipeline.claimExists(job.jobId())).as("claim key deleted once stored").isFalse();
    }

    @Test
    void redeliveredEventStoresNoSecondImage() {
        UUID user = UUID.randomUUID();
        JobMessage job = pipeline.job(user, "twice told");
        JobEvent generated = pipeline.generate(job, Pipeline.png(64, 64));
        JobEvent first = pipeline.awaitEvent(job.jobId(), EventType.STORED);

        pipeline.publish(generated);
        JobEvent second = pipeline.awaitEvent(job.jobId(), EventType.STORED, 2);

        assertThat(second.imageId()).isEqualTo(first.imageId());
        assertThat(pipeline.events(job.jobId(), EventType.FAILED)).isEmpty();
        given().auth().oauth2(TestTokens.valid(user))
                .when().get("/images/gallery")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(first.imageId().toString()));
    }

    @Test
    void refusesImageLargerThanTheLimit() {
        JobMessage job = pipeline.job(UUID.randomUUID(), "too big to keep");

        pipeline.generate(job, new byte[1024 * 1024 + 1]);
        JobEvent failed = pipeline.awaitEvent(job.jobId(), EventType.FAILED);

        assertThat(failed.code()).isEqualTo("image_too_large");
        assertThat(failed.message()).contains("1048577 bytes").contains("1048576");
        assertThat(failed.retryable()).isFalse();
        assertThat(pipeline.events(job.jobId(), EventType.STORED)).isEmpty();
    }

    @Test
    void failsWhenTheClaimExpired() {
        JobMessage job = pipeline.job(UUID.randomUUID(), "gone before we got there");

        pipeline.generateWithoutClaim(job);
        JobEvent failed = pipeline.awaitEvent(job.jobId(), EventType.FAILED);

        assertThat(failed.code()).isEqualTo("claim_expired");
        assertThat(failed.seq()).isEqualTo(JobEvent.SEQ_FAILED);
        assertThat(failed.retryable()).isFalse();
    }

    @Test
    void failsOnBytesThatAreNoImage() {
        JobMessage job = pipeline.job(UUID.randomUUID(), "not a picture");

        pipeline.generate(job, "definitely not a png".getBytes());
        JobEvent failed = pipeline.awaitEvent(job.jobId(), EventType.FAILED);

        assertThat(failed.code()).isEqualTo("invalid_image");
        assertThat(pipeline.claimExists(job.jobId())).isFalse();
    }

    @Test
    void ignoresEventsOtherThanGenerated() {
        JobMessage job = pipeline.job(UUID.randomUUID(), "only started");
        pipeline.publish(JobEvent.started(job));
        JobMessage marker = pipeline.job(UUID.randomUUID(), "after it");

        // The group reads in order: once the later job is stored, the earlier event has been handled.
        pipeline.store(marker, Pipeline.png(16, 16));

        assertThat(pipeline.events(job.jobId(), EventType.STORED)).isEmpty();
        assertThat(pipeline.events(job.jobId(), EventType.FAILED)).isEmpty();
    }
}
