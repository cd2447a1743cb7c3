package dev.imagegen.gallery.retention;

import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gallery.Pipeline;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class RetentionJobTest {

    @Inject
    Pipeline pipeline;

    @Inject
    Pool pool;

    @Inject
    RetentionJob retention;

    @Test
    void deletesOldImagesButKeepsFavouritesCollectedAndRecentOnes() {
        UUID user = UUID.randomUUID();
        UUID old = store(user, "old and forgotten");
        UUID favourite = store(user, "old favourite");
        UUID collected = store(user, "old but collected");
        UUID recent = store(user, "recent");
        Instant now = Instant.now();
        for (UUID image : new UUID[] {old, favourite, collected}) {
            setCreated(image, now.minus(Duration.ofDays(31)));
        }
        setCreated(recent, now.minus(Duration.ofDays(29)));
        as(user).when().put("/images/{id}/favorite", favourite).then().statusCode(204);
        String collection = as(user).contentType(ContentType.JSON).body(Map.of("name", "Keep"))
                .when().post("/collections").then().statusCode(201).extract().path("id");
        as(user).when().put("/collections/{id}/images/{image}", collection, collected).then().statusCode(204);

        long due = retention.sweep(now).await().atMost(Duration.ofSeconds(10));

        assertThat(due).isGreaterThanOrEqualTo(1);
        as(user).when().get("/images/gallery")
                .then().statusCode(200)
                .body("items.id", containsInAnyOrder(favourite.toString(), collected.toString(), recent.toString()));
        as(user).when().get("/images/{id}", old).then().statusCode(404);
        given().when().get("/q/metrics").then().body(containsString("gallery_retention_due"))
                .body(containsString("gallery_retention_deleted_total"));
    }

    private void setCreated(UUID image, Instant at) {
        pool.preparedQuery("update gallery.images set created_at = $2 where id = $1")
                .execute(Tuple.of(image, at.atOffset(ZoneOffset.UTC))).await().atMost(Duration.ofSeconds(5));
    }

    private UUID store(UUID user, String prompt) {
        return pipeline.store(pipeline.job(user, prompt), Pipeline.png(16, 16)).imageId();
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.valid(user));
    }
}
