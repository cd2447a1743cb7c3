package dev.imagegen.gallery.collection;

import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gallery.Pipeline;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class CollectionResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Pipeline pipeline;

    @Test
    void createRenameDescribeAndDelete() {
        UUID user = UUID.randomUUID();
        Response created = as(user).contentType(ContentType.JSON)
                .body(Map.of("name", "Dogs", "description", "good ones"))
                .when().post("/collections")
                .then().statusCode(201)
                .body("name", equalTo("Dogs"))
                .body("description", equalTo("good ones"))
                .body("image_count", equalTo(0))
                .body("cover_thumbnail_url", nullValue())
                .extract().response();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/collections/" + id);

        as(user).contentType(ContentType.JSON).body(Map.of("name", "Puppies"))
                .when().patch("/collections/{id}", id)
                .then().statusCode(200)
                .body("name", equalTo("Puppies"))
                .body("description", equalTo("good ones"));
        as(user).contentType(ContentType.JSON).body(Map.of("description", "the best"))
                .when().patch("/collections/{id}", id)
                .then().statusCode(200)
                .body("name", equalTo("Puppies"))
                .body("description", equalTo("the best"));
        as(user).when().get("/collections/{id}", id).then().statusCode(200).body("name", equalTo("Puppies"));

        as(user).when().delete("/collections/{id}", id).then().statusCode(204);
        as(user).when().get("/collections/{id}", id).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aNameIsUniquePerUserIgnoringCase() {
        UUID user = UUID.randomUUID();
        create(user, "Landscapes");
        as(user).contentType(ContentType.JSON).body(Map.of("name", "landscapes"))
                .when().post("/collections")
                .then().statusCode(409).contentType(PROBLEM);
        String other = create(user, "Portraits");
        as(user).contentType(ContentType.JSON).body(Map.of("name", "LANDSCAPES"))
                .when().patch("/collections/{id}", other)
                .then().statusCode(409).contentType(PROBLEM);
        // Another user may use the same name.
        create(UUID.randomUUID(), "Landscapes");
    }

    @Test
    void badBodiesAre400() {
        UUID user = UUID.randomUUID();
        as(user).contentType(ContentType.JSON).body(Map.of("name", " "))
                .when().post("/collections")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", endsWith("name"));
        as(user).contentType(ContentType.JSON).body(Map.of("name", "x".repeat(101)))
                .when().post("/collections")
                .then().statusCode(400).contentType(PROBLEM);
        String id = create(user, "Valid");
        as(user).contentType(ContentType.JSON).body(Map.of("name", "   "))
                .when().patch("/collections/{id}", id)
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void imagesJoinAndLeaveAndDeletingTheCollectionKeepsThem() {
        UUID user = UUID.randomUUID();
        UUID first = store(user, "first");
        UUID second = store(user, "second");
        String id = create(user, "Mine");

        as(user).when().put("/collections/{id}/images/{image}", id, first).then().statusCode(204);
        as(user).when().put("/collections/{id}/images/{image}", id, second).then().statusCode(204);
        // Adding twice changes nothing.
        as(user).when().put("/collections/{id}/images/{image}", id, second).then().statusCode(204);

        as(user).when().get("/collections")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].image_count", equalTo(2))
                .body("items[0].cover_thumbnail_url", equalTo("/images/" + second + "/thumbnail"));
        as(user).queryParam("size", 1).when().get("/collections/{id}/images", id)
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", equalTo(List.of(second.toString())));
        as(user).queryParam("collection_id", id).when().get("/images/gallery")
                .then().statusCode(200).body("total", equalTo(2));

        as(user).when().delete("/collections/{id}/images/{image}", id, second).then().statusCode(204);
        as(user).when().get("/collections/{id}", id)
                .then().body("image_count", equalTo(1))
                .body("cover_thumbnail_url", equalTo("/images/" + first + "/thumbnail"));

        as(user).when().delete("/collections/{id}", id).then().statusCode(204);
        as(user).when().get("/images/gallery").then().body("total", equalTo(2));
    }

    @Test
    void deletingAnImageRemovesItFromEveryCollection() {
        UUID user = UUID.randomUUID();
        UUID image = store(user, "in two collections");
        String a = create(user, "A");
        String b = create(user, "B");
        as(user).when().put("/collections/{id}/images/{image}", a, image).then().statusCode(204);
        as(user).when().put("/collections/{id}/images/{image}", b, image).then().statusCode(204);

        as(user).when().delete("/images/{id}", image).then().statusCode(204);

        as(user).when().get("/collections")
                .then().body("items.image_count", equalTo(List.of(0, 0)))
                .body("items.cover_thumbnail_url", equalTo(Arrays.asList(null, null)));
        as(user).when().get("/collections/{id}/images", a).then().body("total", equalTo(0));
    }

    @Test
    void anotherUsersCollectionsAndImagesAreNotFound() {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        String theirs = create(owner, "Theirs");
        UUID theirImage = store(owner, "their image");
        String mine = create(stranger, "Mine");
        UUID myImage = store(stranger, "my image");

        as(stranger).when().get("/collections/{id}", theirs).then().statusCode(404).contentType(PROBLEM);
        as(stranger).when().get("/collections/{id}/images", theirs).then().statusCode(404);
        as(stranger).queryParam("collection_id", theirs).when().get("/images/gallery").then().statusCode(404);
        as(stranger).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().patch("/collections/{id}", theirs).then().statusCode(404);
        as(stranger).when().delete("/collections/{id}", theirs).then().statusCode(404);
        as(stranger).when().put("/collections/{id}/images/{image}", theirs, myImage).then().statusCode(404)
                .body("detail", equalTo("Collection not found"));
        as(stranger).when().put("/collections/{id}/images/{image}", mine, theirImage).then().statusCode(404)
                .body("detail", equalTo("Image not found"));
        as(stranger).when().delete("/collections/{id}/images/{image}", theirs, myImage).then().statusCode(404);
        as(stranger).when().delete("/collections/{id}/images/{image}", mine, theirImage).then().statusCode(404);
        as(stranger).when().get("/collections").then().body("items.name", equalTo(List.of("Mine")));

        as(owner).when().get("/collections/{id}", theirs).then().statusCode(200).body("image_count", equalTo(0));
    }

    @Test
    void everyEndpointNeedsAToken() {
        given().when().get("/collections").then().statusCode(401).contentType(PROBLEM);
        given().when().get("/collections/{id}", UUID.randomUUID()).then().statusCode(401);
    }

    private UUID store(UUID user, String prompt) {
        return pipeline.store(pipeline.job(user, prompt), Pipeline.png(16, 16)).imageId();
    }

    private static String create(UUID user, String name) {
        return as(user).contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/collections")
                .then().statusCode(201).extract().path("id");
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.valid(user));
    }
}
