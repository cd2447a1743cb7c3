package dev.imagegen.gallery.intake;

import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gallery.Pipeline;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

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
    void storesEveryImageOfAJobInTheFormatReturnedAndAnnouncesThemOnceInOrder() throws IOException {
        UUID user = UUID.randomUUID();
        JobMessage job = pipeline.jobOfSeveral(user, "three stickers", 3, "gpt-image-2.5-sunburst", "dall-e-3");
        List<byte[]> webps = List.of(Pipeline.webp(300, 200), Pipeline.webp(200, 300), Pipeline.webp(240, 240));

        pipeline.generate(job, webps, "1536x1024", "high", new BigDecimal("0.100001"));
        JobEvent stored = pipeline.awaitEvent(job.jobId(), EventType.STORED);

        List<JobEvent.StoredImage> images = stored.allImages();
        assertThat(images).hasSize(3);
        assertThat(stored.imageId()).isEqualTo(images.get(0).imageId());
        assertThat(stored.requestedModel()).isEqualTo("dall-e-3");
        String token = TestTokens.valid(user);
        given().auth().oauth2(token).queryParam("sort", "oldest")
                .when().get("/images/gallery")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.id", equalTo(images.stream().map(image -> image.imageId().toString()).toList()));
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < images.size(); i++) {
            JobEvent.StoredImage image = images.get(i);
            assertThat(image.imageUrl()).isEqualTo("/images/" + image.imageId() + "/content");
            assertThat(image.thumbnailUrl()).isEqualTo("/images/" + image.imageId() + "/thumbnail");
            BufferedImage original = ImageIO.read(new ByteArrayInputStream(webps.get(i)));
            Response details = given().auth().oauth2(token)
                    .when().get("/images/{id}", image.imageId())
                    .then().statusCode(200)
                    .body("task_id", equalTo(job.jobId().toString()))
                    .body("image_index", equalTo(i))
                    .body("content_type", equalTo("image/webp"))
                    .body("width", equalTo(original.getWidth()))
                    .body("height", equalTo(original.getHeight()))
                    .body("model", equalTo("gpt-image-2.5-sunburst"))
                    .body("requested_model", equalTo("dall-e-3"))
                    .body("background", equalTo("transparent"))
                    .body("size", equalTo("1536x1024"))
                    .body("quality", equalTo("high"))
                    .extract().response();
            total = total.add(details.jsonPath(JsonPathConfig.jsonPathConfig()
                    .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)).get("generation_cost"));

            byte[] content = given().auth().oauth2(token)
                    .when().get(image.imageUrl())
                    .then().statusCode(200)
                    .contentType("image/webp")
                    .header("Content-Disposition", "inline; filename=\"three-stickers.webp\"")
                    .extract().asByteArray();
            assertThat(content).isEqualTo(webps.get(i));

            byte[] thumbnail = given().auth().oauth2(token)
                    .when().get(image.thumbnailUrl())
                    .then().statusCode(200)
                    .contentType("image/png")
                    .extract().asByteArray();
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumbnail));
            assertThat(decoded.getColorModel().hasAlpha()).isTrue();
            assertThat(decoded.getRGB(0, 0) >>> 24).as("the transparent corner stays transparent").isZero();
            assertThat(decoded.getRGB(decoded.getWidth() - 1, decoded.getHeight() - 1) >>> 24).isEqualTo(0xff);
            assertThat(pipeline.claimExists(job.jobId(), i)).as("claim key deleted once stored").isFalse();
        }
        assertThat(total).as("the images' costs add up to the job's").isEqualByComparingTo("0.100001");
        assertThat(pipeline.events(job.jobId(), EventType.STORED)).hasSize(1);
    }

    @Test
    void redeliveringAJobOfSeveralImagesStoresNothingMoreAndAnnouncesThemAgain() {
        UUID user = UUID.randomUUID();
        JobMessage job = pipeline.jobOfSeveral(user, "told three times", 3, "gpt-image-2.6-flare", null);
        JobEvent generated = pipeline.generate(job,
                List.of(Pipeline.webp(64, 64), Pipeline.webp(64, 64), Pipeline.webp(64, 64)), "1024x1024", "low",
                new BigDecimal("0.03"));
        JobEvent first = pipeline.awaitEvent(job.jobId(), EventType.STORED);

        pipeline.publish(generated);
        JobEvent second = pipeline.awaitEvent(job.jobId(), EventType.STORED, 2);

        assertThat(second.allImages()).hasSize(3).isEqualTo(first.allImages());
        assertThat(pipeline.events(job.jobId(), EventType.FAILED)).isEmpty();
        given().auth().oauth2(TestTokens.valid(user))
                .when().get("/images/gallery")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.requested_model", equalTo(Arrays.asList(null, null, null)));
    }

    @Test
    void aJobWithAnExpiredImageFailsAndStoresNoneOfIt() {
        UUID user = UUID.randomUUID();
        JobMessage job = pipeline.jobOfSeveral(user, "one went missing", 3, "gpt-image-2.6-flare", null);
        JobEvent generated = pipeline.park(job,
                List.of(Pipeline.webp(32, 32), Pipeline.webp(32, 32), Pipeline.webp(32, 32)), "1024x1024", "low",
                new BigDecimal("0.03"));
        // The second image expired before the gallery got to the event.
        pipeline.expireClaim(job.jobId(), 1);
        pipeline.publish(generated);

        JobEvent failed = pipeline.awaitEvent(job.jobId(), EventType.FAILED);

        assertThat(failed.code()).isEqualTo("claim_expired");
        assertThat(failed.message()).endsWith("(image 2 of 3)");
        assertThat(failed.retryable()).isFalse();
        assertThat(pipeline.events(job.jobId(), EventType.STORED)).isEmpty();
        given().auth().oauth2(TestTokens.valid(user))
                .when().get("/images/gallery")
                .then().statusCode(200)
                .body("total", equalTo(0));
        assertThat(pipeline.claimExists(job.jobId(), 0)).as("claims of a failed job are dropped").isFalse();
        assertThat(pipeline.claimExists(job.jobId(), 2)).isFalse();
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
