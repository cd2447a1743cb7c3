package dev.imagegen.gallery.image;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gallery.Pipeline;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ImageResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Pipeline pipeline;

    @Test
    void ownerReadsMetadata() {
        UUID user = UUID.randomUUID();
        JobMessage job = pipeline.job(user, "A red fox, in the snow!");
        JobEvent stored = pipeline.store(job, Pipeline.png(512, 384));
        UUID id = stored.imageId();

        given().auth().oauth2(TestTokens.valid(user))
                .when().get("/images/{id}", id)
                .then().statusCode(200)
                .contentType("application/json")
                .body("id", equalTo(id.toString()))
                .body("original_prompt", equalTo("A red fox, in the snow!"))
                .body("revised_prompt", equalTo("A red fox, in the snow! (revised)"))
                .body("model", equalTo("dall-e-3"))
                .body("requested_model", nullValue())
                .body("background", nullValue())
                .body("size", equalTo("1024x1024"))
                .body("quality", equalTo("standard"))
                .body("style", equalTo("vivid"))
                .body("generation_cost", equalTo(0.04f))
                .body("width", equalTo(512))
                .body("height", equalTo(384))
                .body("byte_size", equalTo(Pipeline.png(512, 384).length))
                .body("content_type", equalTo("image/png"))
                .body("task_id", equalTo(job.jobId().toString()))
                .body("image_index", equalTo(0))
                .body("thread_id", nullValue())
                .body("created_at", notNullValue())
                .body("image_url", equalTo("/images/" + id + "/content"))
                .body("thumbnail_url", equalTo("/images/" + id + "/thumbnail"));
    }

    @Test
    void ownerDownloadsTheOriginalBytesWithCachingHeaders() {
        UUID user = UUID.randomUUID();
        byte[] png = Pipeline.png(300, 200);
        UUID id = pipeline.store(pipeline.job(user, "A red fox, in the snow!"), png).imageId();

        Response response = given().auth().oauth2(TestTokens.valid(user))
                .when().get("/images/{id}/content", id)
                .then().statusCode(200)
                .contentType("image/png")
                .header("Content-Disposition", "inline; filename=\"a-red-fox-in-the-snow.png\"")
                .header("Cache-Control", "private, max-age=86400")
                .header("ETag", notNullValue())
                .extract().response();
        assertThat(response.asByteArray()).isEqualTo(png);

        given().auth().oauth2(TestTokens.valid(user))
                .header("If-None-Match", response.header("ETag"))
                .when().get("/images/{id}/content", id)
                .then().statusCode(304)
                .header("ETag", response.header("ETag"));
    }

    @Test
    void ownerDownloadsAThumbnailAtMost256PixelsLongThatKeepsTransparency() throws IOException {
        UUID user = UUID.randomUUID();
        UUID id = pipeline.store(pipeline.job(user, "wide landscape"), Pipeline.png(1024, 512)).imageId();

        Response response = given().auth().oauth2(TestTokens.valid(user))
                .when().get("/images/{id}/thumbnail", id)
                .then().statusCode(200)
                .contentType("image/png")
                .header("Cache-Control", "private, max-age=86400")
                .extract().response();
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(response.asByteArray()));
        assertThat(thumbnail.getWidth()).isEqualTo(256);
        assertThat(thumbnail.getHeight()).isEqualTo(128);
        assertThat(thumbnail.getRGB(10, 10) >>> 24).as("the transparent corner").isZero();
        assertThat(thumbnail.getRGB(200, 100) >>> 24).as("the opaque rest").isEqualTo(0xff);

        given().auth().oauth2(TestTokens.valid(user))
                .header("If-None-Match", response.header("ETag"))
                .when().get("/images/{id}/thumbnail", id)
                .then().statusCode(304);
    }

    @Test
    void aJpegIsServedAsJpegWithAJpegThumbnail() throws IOException {
        UUID user = UUID.randomUUID();
        byte[] jpeg = Pipeline.jpeg(640, 480);
        UUID id = pipeline.store(pipeline.job(user, "A photo, at noon"), jpeg).imageId();
        String token = TestTokens.valid(user);

        given().auth().oauth2(token).when().get("/images/{id}", id)
                .then().statusCode(200)
                .body("content_type", equalTo("image/jpeg"))
                .body("byte_size", equalTo(jpeg.length));
        byte[] served = given().auth().oauth2(token)
                .when().get("/images/{id}/content", id)
                .then().statusCode(200)
                .contentType("image/jpeg")
                .header("Content-Disposition", "inline; filename=\"a-photo-at-noon.jpg\"")
                .extract().asByteArray();
        assertThat(served).isEqualTo(jpeg);
        byte[] thumbnail = given().auth().oauth2(token)
                .when().get("/images/{id}/thumbnail", id)
                .then().statusCode(200)
                .contentType("image/jpeg")
                .extract().asByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail)).getWidth()).isEqualTo(256);
    }

    @Test
    void anotherUserSeesNothing() {
        UUID id = pipeline.store(pipeline.job(UUID.randomUUID(), "private"), Pipeline.png(32, 32)).imageId();
        String stranger = TestTokens.valid(UUID.randomUUID());

        for (String path : List.of("/images/{id}", "/images/{id}/content", "/images/{id}/thumbnail")) {
            given().auth().oauth2(stranger)
                    .when().get(path, id)
                    .then().statusCode(404)
                    .contentType(PROBLEM)
                    .body("detail", equalTo("Image not found"));
        }
        // Knowing the ETag does not reveal that the image exists either.
        given().auth().oauth2(stranger)
                .header("If-None-Match", "\"" + id + "\"")
                .when().get("/images/{id}/content", id)
                .then().statusCode(404)
                .contentType(PROBLEM);
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        String token = TestTokens.valid(UUID.randomUUID());
        given().auth().oauth2(token).when().get("/images/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(token).when().get("/images/not-a-uuid")
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(token).when().get("/images/not-a-uuid/content")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void everyEndpointNeedsAToken() {
        UUID id = UUID.randomUUID();
        for (String path : List.of("/images/gallery", "/images/" + id, "/images/" + id + "/content",
                "/images/" + id + "/thumbnail")) {
            given().when().get(path)
                    .then().statusCode(401)
                    .contentType(PROBLEM)
                    .header("WWW-Authenticate", "Bearer");
        }
    }

    @Test
    void galleryPagesNewestFirst() {
        UUID user = UUID.randomUUID();
        UUID first = pipeline.store(pipeline.job(user, "first"), Pipeline.png(16, 16)).imageId();
        UUID second = pipeline.store(pipeline.job(user, "second"), Pipeline.png(16, 16)).imageId();
        UUID third = pipeline.store(pipeline.job(user, "third"), Pipeline.png(16, 16)).imageId();
        pipeline.store(pipeline.job(UUID.randomUUID(), "someone else's"), Pipeline.png(16, 16));
        String token = TestTokens.valid(user);

        given().auth().oauth2(token).queryParam("page", 1).queryParam("size", 2)
                .when().get("/images/gallery")
                .then().statusCode(200)
                .body("page", equalTo(1))
                .body("size", equalTo(2))
                .body("total", equalTo(3))
                .body("items.id", equalTo(List.of(third.toString(), second.toString())))
                .body("items[0].original_prompt", equalTo("third"))
                .body("items[0].image_url", equalTo("/images/" + third + "/content"));
        given().auth().oauth2(token).queryParam("page", 2).queryParam("size", 2)
                .when().get("/images/gallery")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(first.toString())));
        given().auth().oauth2(token).queryParam("page", 3).queryParam("size", 2)
                .when().get("/images/gallery")
                .then().statusCode(200)
                .body("items", empty())
                .body("total", equalTo(3));
    }

    @Test
    void theModelFilterOffersOnlyTheModelsOfTheCallersImages() {
        UUID user = UUID.randomUUID();
        pipeline.store(pipeline.job(user, "rendered offline"), Pipeline.png(16, 16), "offline");
        pipeline.store(pipeline.job(user, "from openai"), Pipeline.png(16, 16), "dall-e-3");
        pipeline.store(pipeline.job(user, "again offline"), Pipeline.png(16, 16), "offline");
        pipeline.store(pipeline.job(UUID.randomUUID(), "someone else's"), Pipeline.png(16, 16), "gpt-image-1");

        given().auth().oauth2(TestTokens.valid(user))
                .when().get("/images/models")
                .then().statusCode(200)
                .body("models", equalTo(List.of("dall-e-3", "offline")));
        given().auth().oauth2(TestTokens.valid(UUID.randomUUID()))
                .when().get("/images/models")
                .then().statusCode(200)
                .body("models", empty());
        given().when().get("/images/models").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void newUserHasAnEmptyGallery() {
        given().auth().oauth2(TestTokens.valid(UUID.randomUUID()))
                .when().get("/images/gallery")
                .then().statusCode(200)
                .body("items", hasSize(0))
                .body("page", equalTo(1))
                .body("size", equalTo(20))
                .body("total", equalTo(0));
    }

    @Test
    void galleryRefusesPagesOutOfRange() {
        String token = TestTokens.valid(UUID.randomUUID());
        given().auth().oauth2(token).queryParam("size", 101).when().get("/images/gallery")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("size"));
        given().auth().oauth2(token).queryParam("size", 0).when().get("/images/gallery")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(token).queryParam("page", 0).when().get("/images/gallery")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("page"));
        given().auth().oauth2(token).queryParam("page", "first").when().get("/images/gallery")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.message", hasItem("must be a whole number"));
    }
}
