package dev.imagegen.gallery.image;

import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gallery.Pipeline;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ImageActionsTest {

    private static final String PROBLEM = "application/problem+json";
    // What Chromium and Firefox send when a person opens a link.
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
            + "image/webp,*/*;q=0.8";

    @Inject
    Pipeline pipeline;

    @Test
    void favouriteAndUnfavourite() {
        UUID user = UUID.randomUUID();
        UUID liked = store(user, "liked");
        store(user, "not liked");

        as(user).when().put("/images/{id}/favorite", liked).then().statusCode(204);
        as(user).when().put("/images/{id}/favorite", liked).then().statusCode(204);
        as(user).when().get("/images/{id}", liked).then().body("favorite", equalTo(true));
        as(user).queryParam("favorite", true).when().get("/images/gallery")
                .then().body("items.id", equalTo(List.of(liked.toString())));
        as(user).queryParam("favorite", false).when().get("/images/gallery").then().body("total", equalTo(1));

        as(user).when().delete("/images/{id}/favorite", liked).then().statusCode(204);
        as(user).queryParam("favorite", true).when().get("/images/gallery").then().body("total", equalTo(0));
        as(user).queryParam("favorite", "yes").when().get("/images/gallery")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void tagsAreReplacedNormalisedAndFilterTheGallery() {
        UUID user = UUID.randomUUID();
        UUID image = store(user, "tagged");
        store(user, "untagged");

        as(user).contentType(ContentType.JSON).body(Map.of("tags", List.of(" Dogs ", "summer", "dogs")))
                .when().put("/images/{id}/tags", image)
                .then().statusCode(200)
                .body("tags", equalTo(List.of("dogs", "summer")));
        as(user).queryParam("tag", "Dogs").when().get("/images/gallery")
                .then().body("items.id", equalTo(List.of(image.toString())));

        as(user).contentType(ContentType.JSON).body(Map.of("tags", List.of("winter")))
                .when().put("/images/{id}/tags", image)
                .then().statusCode(200).body("tags", equalTo(List.of("winter")));
        as(user).queryParam("tag", "dogs").when().get("/images/gallery").then().body("total", equalTo(0));

        as(user).contentType(ContentType.JSON).body(Map.of("tags", List.of("")))
                .when().put("/images/{id}/tags", image).then().statusCode(400).contentType(PROBLEM);
        as(user).contentType(ContentType.JSON).body(Map.of())
                .when().put("/images/{id}/tags", image).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void deletedImagesAreGone() {
        UUID user = UUID.randomUUID();
        UUID image = store(user, "short-lived");
        as(user).when().delete("/images/{id}", image).then().statusCode(204);
        as(user).when().get("/images/{id}", image).then().statusCode(404).contentType(PROBLEM);
        as(user).when().get("/images/{id}/content", image).then().statusCode(404);
        as(user).when().delete("/images/{id}", image).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aShareLinkServesTheImageWithoutLoginUntilRevoked() {
        UUID user = UUID.randomUUID();
        byte[] png = Pipeline.png(64, 48);
        UUID image = pipeline.store(pipeline.job(user, "shared sunset"), png).imageId();

        Response share = as(user).when().post("/images/{id}/share", image)
                .then().statusCode(201)
                .body("url", matchesPattern("/s/[A-Za-z0-9_-]{43}"))
                .extract().response();
        String url = share.path("url");
        // Sharing again gives the same link.
        as(user).when().post("/images/{id}/share", image).then().body("url", equalTo(url));

        byte[] served = given().when().get(url)
                .then().statusCode(200)
                .contentType("image/png")
                .header("Cache-Control", "no-store")
                .header("Content-Disposition", "inline; filename=\"shared-sunset.png\"")
                .extract().asByteArray();
        assertThat(served).isEqualTo(png);

        as(user).when().delete("/images/{id}/share", image).then().statusCode(204);
        given().when().get(url).then().statusCode(404).contentType(PROBLEM);
        given().when().get("/s/not-a-real-token").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aDeadShareLinkIsAPageInWordsForABrowserAndProblemJsonForPrograms() {
        UUID user = UUID.randomUUID();
        UUID image = store(user, "soon private");
        String url = as(user).when().post("/images/{id}/share", image).then().statusCode(201).extract().path("url");
        // The link still works in a browser: the image itself, not a page.
        given().accept(BROWSER).when().get(url).then().statusCode(200).contentType("image/png");
        as(user).when().delete("/images/{id}/share", image).then().statusCode(204);

        for (String dead : List.of(url, "/s/not-a-real-token")) {
            String page = given().accept(BROWSER).when().get(dead)
                    .then().statusCode(404)
                    .contentType("text/html")
                    .header("Cache-Control", "no-store")
                    .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                    .extract().asString();
            assertThat(page).startsWith("<!doctype html>")
                    .contains("<title>Shared image not available</title>")
                    .contains("This shared image is no longer available. The owner may have stopped sharing it.")
                    .doesNotContain("<script", "<link", "src=", "problem");
            for (String accept : List.of("*/*", "application/json", "application/json, text/html;q=0.5")) {
                given().accept(accept).when().get(dead)
                        .then().statusCode(404).contentType(PROBLEM)
                        .body("detail", equalTo("This link does not exist or was revoked"));
            }
        }
        // Other errors keep their status and say what was wrong, in words.
        given().accept(BROWSER).queryParam("format", "bmp").when().get(url)
                .then().statusCode(400).contentType("text/html")
                .body(containsString("format must be one of jpeg, webp, png"));
    }

    @Test
    void theImageSaysWhetherItIsSharedAndWhichOfTheOwnersCollectionsHoldIt() {
        UUID user = UUID.randomUUID();
        UUID image = store(user, "in two collections");
        UUID other = store(user, "in none");
        as(user).when().get("/images/{id}", image).then().statusCode(200)
                .body("share", nullValue())
                .body("shared", equalTo(false))
                .body("collections", empty());

        String zebras = collection(user, "Zebras");
        String apples = collection(user, "apples");
        collection(user, "Unused");
        as(user).when().put("/collections/{id}/images/{image}", zebras, image).then().statusCode(204);
        as(user).when().put("/collections/{id}/images/{image}", apples, image).then().statusCode(204);
        Response share = as(user).when().post("/images/{id}/share", image).then().statusCode(201)
                .body("created_at", notNullValue()).extract().response();
        // Sharing again answers the same link, made at the same time.
        as(user).when().post("/images/{id}/share", image).then()
                .body("created_at", equalTo(share.path("created_at")));

        as(user).when().get("/images/{id}", image).then().statusCode(200)
                .body("shared", equalTo(true))
                .body("share.url", equalTo(share.path("url")))
                .body("share.token", equalTo(share.path("token")))
                .body("share.created_at", equalTo(share.path("created_at")))
                .body("collections.name", equalTo(List.of("apples", "Zebras")))
                .body("collections.id", equalTo(List.of(apples, zebras)));
        as(user).queryParam("sort", "oldest").when().get("/images/gallery").then().statusCode(200)
                .body("items.id", equalTo(List.of(image.toString(), other.toString())))
                .body("items.shared", equalTo(List.of(true, false)));

        as(user).when().delete("/images/{id}/share", image).then().statusCode(204);
        as(user).when().delete("/collections/{id}/images/{image}", zebras, image).then().statusCode(204);
        as(user).when().get("/images/{id}", image).then().statusCode(200)
                .body("share", nullValue())
                .body("shared", equalTo(false))
                .body("collections.name", equalTo(List.of("apples")));
        as(user).when().get("/images/gallery").then().body("items.shared", equalTo(List.of(false, false)));
    }

    @Test
    void derivedFormatsAreReEncoded() throws IOException {
        UUID user = UUID.randomUUID();
        UUID image = pipeline.store(pipeline.job(user, "a fox"), Pipeline.png(120, 80)).imageId();

        Response jpeg = as(user).queryParam("format", "jpeg").when().get("/images/{id}/content", image)
                .then().statusCode(200)
                .contentType("image/jpeg")
                .header("Content-Disposition", "inline; filename=\"a-fox.jpg\"")
                .extract().response();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg.asByteArray()));
        assertThat(decoded.getWidth()).isEqualTo(120);
        assertThat(jpeg.header("ETag")).isNotEqualTo(as(user).when().get("/images/{id}/content", image).header("ETag"));
        as(user).queryParam("format", "jpeg").header("If-None-Match", jpeg.header("ETag"))
                .when().get("/images/{id}/content", image).then().statusCode(304);

        as(user).queryParam("format", "png").when().get("/images/{id}/content", image)
                .then().statusCode(200).contentType("image/png");
        byte[] webp = as(user).queryParam("format", "webp").when().get("/images/{id}/content", image)
                .then().statusCode(200).contentType("image/webp")
                .header("Content-Disposition", "inline; filename=\"a-fox.webp\"")
                .extract().asByteArray();
        assertThat(new String(webp, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(ImageIO.read(new ByteArrayInputStream(webp)).getWidth()).isEqualTo(120);
        as(user).queryParam("format", "bmp").when().get("/images/{id}/content", image)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("format"));
    }

    @Test
    void anotherUsersImageIsNotFoundForEveryAction() {
        UUID image = store(UUID.randomUUID(), "not yours");
        UUID stranger = UUID.randomUUID();

        as(stranger).when().delete("/images/{id}", image).then().statusCode(404).contentType(PROBLEM);
        as(stranger).when().put("/images/{id}/favorite", image).then().statusCode(404);
        as(stranger).when().delete("/images/{id}/favorite", image).then().statusCode(404);
        as(stranger).contentType(ContentType.JSON).body(Map.of("tags", List.of("mine")))
                .when().put("/images/{id}/tags", image).then().statusCode(404);
        as(stranger).when().post("/images/{id}/share", image).then().statusCode(404);
        as(stranger).when().delete("/images/{id}/share", image).then().statusCode(404);
        as(stranger).queryParam("format", "jpeg").when().get("/images/{id}/content", image).then().statusCode(404);
    }

    private static String collection(UUID user, String name) {
        return as(user).contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/collections").then().statusCode(201).extract().path("id");
    }

    private UUID store(UUID user, String prompt) {
        return pipeline.store(pipeline.job(user, prompt), Pipeline.png(16, 16)).imageId();
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.valid(user));
    }
}
