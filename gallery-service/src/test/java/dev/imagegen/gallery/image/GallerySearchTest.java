package dev.imagegen.gallery.image;

import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gallery.Pipeline;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class GallerySearchTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Pipeline pipeline;

    @Inject
    Pool pool;

    @Test
    void searchFindsPromptWordsAndRanksTheBestMatchFirst() {
        UUID user = UUID.randomUUID();
        UUID puppies = store(user, "a golden retriever puppy chasing another puppy on a beach at sunset");
        UUID oneMention = store(user, "a city street at night with a small puppy in a window");
        store(user, "a bowl of fruit on a wooden table, oil painting");
        store(UUID.randomUUID(), "a puppy that belongs to someone else");

        as(user).queryParam("q", "puppies").when().get("/images/gallery")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", equalTo(List.of(puppies.toString(), oneMention.toString())));
        // The revised prompt is searched too (Pipeline appends "(revised)").
        as(user).queryParam("q", "revised fruit").when().get("/images/gallery").then().body("total", equalTo(1));
        as(user).queryParam("q", "\"golden retriever\" -city").when().get("/images/gallery")
                .then().body("items.id", equalTo(List.of(puppies.toString())));
        as(user).queryParam("q", "zebra").when().get("/images/gallery").then().body("total", equalTo(0));
        // Unbalanced syntax is just words, never a server error.
        as(user).queryParam("q", "\"puppy & | !(").when().get("/images/gallery").then().statusCode(200);
        as(user).queryParam("q", "puppy").queryParam("sort", "oldest").when().get("/images/gallery")
                .then().body("items.id", equalTo(List.of(puppies.toString(), oneMention.toString())));
    }

    @Test
    void sortsOldestFirstAndFiltersByModelAndDate() {
        UUID user = UUID.randomUUID();
        UUID old = store(user, "old");
        UUID recent = store(user, "recent");
        setCreated(old, OffsetDateTime.of(2026, 1, 15, 12, 0, 0, 0, ZoneOffset.UTC));

        as(user).queryParam("sort", "oldest").when().get("/images/gallery")
                .then().body("items.id", equalTo(List.of(old.toString(), recent.toString())));
        as(user).queryParam("from", "2026-01-01").queryParam("to", "2026-02-01").when().get("/images/gallery")
                .then().body("items.id", equalTo(List.of(old.toString())));
        as(user).queryParam("from", "2026-01-16T00:00:00Z").when().get("/images/gallery")
                .then().body("items.id", equalTo(List.of(recent.toString())));
        as(user).queryParam("model", "dall-e-3").when().get("/images/gallery").then().body("total", equalTo(2));
        as(user).queryParam("model", "gpt-image-1").when().get("/images/gallery").then().body("total", equalTo(0));
    }

    @Test
    void badFiltersAre400() {
        UUID user = UUID.randomUUID();
        as(user).queryParam("from", "yesterday").when().get("/images/gallery")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("from"));
        as(user).queryParam("collection_id", "nope").when().get("/images/gallery")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("collection_id"));
        as(user).queryParam("sort", "random").when().get("/images/gallery")
                .then().statusCode(400).contentType(PROBLEM);
        as(user).queryParam("collection_id", UUID.randomUUID()).when().get("/images/gallery")
                .then().statusCode(404).contentType(PROBLEM);
    }

    private void setCreated(UUID image, OffsetDateTime at) {
        pool.preparedQuery("update gallery.images set created_at = $2 where id = $1")
                .execute(Tuple.of(image, at)).await().atMost(Duration.ofSeconds(5));
    }

    private UUID store(UUID user, String prompt) {
        return pipeline.store(pipeline.job(user, prompt), Pipeline.png(16, 16)).imageId();
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.valid(user));
    }
}
