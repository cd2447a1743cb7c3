package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static dev.imagegen.systemtest.SuiteDatabase.rowsOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The gallery through the gateway, as a user works with it: collections, search, sharing, export, erasure. */
@ExtendWith(Suite.class)
class GalleryIT {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void organiseSearchAndDelete() {
        SuiteUser user = SuiteUser.register();
        String fox = user.generateAndWait("a red fox jumping over a frozen river").getString("image_data.id");
        String owl = user.generateAndWait("an owl in a moonlit forest").getString("image_data.id");

        String collection = user.request().contentType(ContentType.JSON)
                .body(Map.of("name", "Animals", "description", "wild ones"))
                .when().post("/collections")
                .then().statusCode(201).extract().path("id");
        user.request().contentType(ContentType.JSON).body(Map.of("name", "animals"))
                .when().post("/collections").then().statusCode(409).contentType(PROBLEM);
        user.request().when().put("/collections/{id}/images/{image}", collection, fox).then().statusCode(204);
        user.request().when().put("/collections/{id}/images/{image}", collection, owl).then().statusCode(204);
        user.request().when().put("/images/{id}/favorite", owl).then().statusCode(204);
        user.request().contentType(ContentType.JSON).body(Map.of("tags", List.of("Winter")))
                .when().put("/images/{id}/tags", fox).then().statusCode(200).body("tags", equalTo(List.of("winter")));

        user.request().queryParam("q", "foxes").when().get("/images/gallery")
                .then().statusCode(200).body("items.id", equalTo(List.of(fox)));
        user.request().queryParam("favorite", true).when().get("/images/gallery")
                .then().body("items.id", equalTo(List.of(owl)));
        user.request().queryParam("tag", "winter").when().get("/images/gallery")
                .then().body("items.id", equalTo(List.of(fox)));
        user.request().queryParam("size", 101).when().get("/images/gallery").then().statusCode(400)
                .contentType(PROBLEM);
        user.request().when().get("/collections").then().statusCode(200)
                .body("items[0].image_count", equalTo(2));

        user.request().when().delete("/images/{id}", fox).then().statusCode(204);
        user.request().when().get("/collections/{id}/images", collection)
                .then().statusCode(200).body("total", equalTo(1)).body("items.id", equalTo(List.of(owl)));
        user.request().contentType(ContentType.JSON).body(Map.of("name", "Birds"))
                .when().patch("/collections/{id}", collection).then().statusCode(200).body("name", equalTo("Birds"));
        user.request().when().delete("/collections/{id}", collection).then().statusCode(204);
        user.request().when().get("/images/gallery").then().body("total", equalTo(1));
    }

    @Test
    void downloadsCacheAndShareLinksWorkLoggedOutUntilRevoked() {
        SuiteUser user = SuiteUser.register();
        String id = user.generateAndWait("a lighthouse at dusk").getString("image_data.id");

        Response original = user.request().when().get("/images/{id}/content", id)
                .then().statusCode(200).header("Cache-Control", "private, max-age=86400")
                .header("Content-Disposition", "inline; filename=\"a-lighthouse-at-dusk.png\"")
                .extract().response();
        user.request().header("If-None-Match", original.header("ETag"))
                .when().get("/images/{id}/content", id).then().statusCode(304);
        user.request().queryParam("format", "jpeg").when().get("/images/{id}/content", id)
                .then().statusCode(200).contentType("image/jpeg");

        String url = user.request().when().post("/images/{id}/share", id)
                .then().statusCode(201).extract().path("url");
        byte[] shared = given().baseUri(Suite.GATEWAY).when().get(url)
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(shared).isEqualTo(original.asByteArray());

        user.request().when().delete("/images/{id}/share", id).then().statusCode(204);
        given().baseUri(Suite.GATEWAY).when().get(url).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void anotherUsersIdsAreNotFoundEverywhere() {
        SuiteUser owner = SuiteUser.register();
        String image = owner.generateAndWait("a private garden").getString("image_data.id");
        String collection = owner.request().contentType(ContentType.JSON).body(Map.of("name", "Private"))
                .when().post("/collections").then().statusCode(201).extract().path("id");
        SuiteUser stranger = SuiteUser.register();
        String own = stranger.request().contentType(ContentType.JSON).body(Map.of("name", "Mine"))
                .when().post("/collections").then().statusCode(201).extract().path("id");

        for (String path : List.of("/images/" + image, "/images/" + image + "/content",
                "/images/" + image + "/thumbnail", "/collections/" + collection,
                "/collections/" + collection + "/images")) {
            stranger.request().when().get(path).then().statusCode(404).contentType(PROBLEM);
        }
        stranger.request().queryParam("collection_id", collection).when().get("/images/gallery")
                .then().statusCode(404);
        for (String path : List.of("/images/" + image + "/favorite", "/collections/" + own + "/images/" + image,
                "/collections/" + collection + "/images/" + image)) {
            stranger.request().when().put(path).then().statusCode(404).contentType(PROBLEM);
            stranger.request().when().delete(path).then().statusCode(404).contentType(PROBLEM);
        }
        stranger.request().contentType(ContentType.JSON).body(Map.of("tags", List.of("x")))
                .when().put("/images/{id}/tags", image).then().statusCode(404);
        stranger.request().when().post("/images/{id}/share", image).then().statusCode(404);
        stranger.request().when().delete("/images/{id}/share", image).then().statusCode(404);
        stranger.request().when().delete("/images/{id}", image).then().statusCode(404);
        stranger.request().contentType(ContentType.JSON).body(Map.of("name", "Mine now"))
                .when().patch("/collections/{id}", collection).then().statusCode(404);
        stranger.request().when().delete("/collections/{id}", collection).then().statusCode(404);

        owner.request().when().get("/images/{id}", image).then().statusCode(200);
        owner.request().when().get("/collections/{id}", collection).then().statusCode(200);
    }

    @Test
    void exportHoldsEveryImageAndDeletingTheAccountErasesTheGallery() throws IOException, SQLException {
        SuiteUser user = SuiteUser.register();
        String first = user.generateAndWait("a snowy mountain").getString("image_data.id");
        String second = user.generateAndWait("a desert at noon").getString("image_data.id");

        byte[] zip = user.request().when().get("/me/export")
                .then().statusCode(200).contentType("application/zip").extract().asByteArray();
        Set<String> names = new HashSet<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactlyInAnyOrder("images/" + first + ".png", "images/" + second + ".png",
                "metadata.json");

        user.request().when().delete("/me").then().statusCode(204);

        given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", user.email(), "password", "correct horse battery staple"))
                .when().post("/auth/login").then().statusCode(401);
        // The token is refused from now on, so the gallery is watched emptying out in the database.
        user.request().when().get("/images/{id}", first).then().statusCode(401);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rowsOf("gallery.images", user.id())).isZero());
    }
}
