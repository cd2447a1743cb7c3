package dev.imagegen.gallery.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gallery.Pipeline;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class AccountTest {

    @Inject
    Pipeline pipeline;

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    EventPublisher publisher;

    @Inject
    StreamsConfig streams;

    @Inject
    ObjectMapper json;

    @Test
    void theExportHoldsEveryImageAndItsMetadata() throws IOException {
        UUID user = UUID.randomUUID();
        byte[] first = Pipeline.png(40, 30);
        byte[] second = Pipeline.webp(50, 20);
        byte[] third = Pipeline.jpeg(30, 30);
        UUID a = pipeline.store(pipeline.job(user, "first picture"), first).imageId();
        UUID b = pipeline.store(pipeline.job(user, "second picture"), second).imageId();
        UUID c = pipeline.store(pipeline.job(user, "third picture"), third).imageId();
        pipeline.store(pipeline.job(UUID.randomUUID(), "someone else's"), Pipeline.png(8, 8));
        String collection = as(user).contentType(ContentType.JSON).body(Map.of("name", "Both"))
                .when().post("/collections").then().statusCode(201).extract().path("id");
        as(user).when().put("/collections/{id}/images/{image}", collection, b).then().statusCode(204);

        byte[] zip = as(user).when().get("/me/export")
                .then().statusCode(200)
                .contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"imagegen-gallery.zip\"")
                .extract().asByteArray();

        Map<String, byte[]> entries = unzip(zip);
        // Each image in the format it was stored in, named by its type.
        assertThat(entries).containsOnlyKeys("images/" + a + ".png", "images/" + b + ".webp", "images/" + c + ".jpg",
                "metadata.json");
        assertThat(entries.get("images/" + a + ".png")).isEqualTo(first);
        assertThat(entries.get("images/" + b + ".webp")).isEqualTo(second);
        assertThat(entries.get("images/" + c + ".jpg")).isEqualTo(third);
        JsonNode metadata = json.readTree(entries.get("metadata.json"));
        assertThat(metadata.get("user_id").asText()).isEqualTo(user.toString());
        assertThat(metadata.get("images").findValuesAsText("original_prompt"))
                .containsExactly("first picture", "second picture", "third picture");
        assertThat(metadata.get("images").findValuesAsText("content_type"))
                .containsExactly("image/png", "image/webp", "image/jpeg");
        assertThat(metadata.get("files").get(a.toString()).asText()).isEqualTo("images/" + a + ".png");
        assertThat(metadata.get("files").get(b.toString()).asText()).isEqualTo("images/" + b + ".webp");
        assertThat(metadata.get("collections").get(0).get("name").asText()).isEqualTo("Both");
        assertThat(metadata.get("collections").get(0).get("image_ids").get(0).asText()).isEqualTo(b.toString());
    }

    @Test
    void anEmptyGalleryExportsJustTheMetadata() throws IOException {
        byte[] zip = as(UUID.randomUUID()).when().get("/me/export").then().statusCode(200).extract().asByteArray();
        assertThat(unzip(zip)).containsOnlyKeys("metadata.json");
    }

    @Test
    void userDeletedErasesEveryRowOfThatUserOnly() {
        UUID user = UUID.randomUUID();
        UUID image = pipeline.store(pipeline.job(user, "to be erased"), Pipeline.png(8, 8)).imageId();
        UUID bystander = UUID.randomUUID();
        pipeline.store(pipeline.job(bystander, "stays"), Pipeline.png(8, 8));
        String collection = as(user).contentType(ContentType.JSON).body(Map.of("name", "Gone"))
                .when().post("/collections").then().statusCode(201).extract().path("id");
        as(user).when().put("/collections/{id}/images/{image}", collection, image).then().statusCode(204);
        as(user).when().post("/images/{id}/share", image).then().statusCode(201);

        publish(UserEvent.deleted(user));

        await().atMost(Duration.ofSeconds(30)).until(() -> rows(user) == 0);
        assertThat(rows(bystander)).isEqualTo(1);
        // Delivered again, it finds nothing left to do.
        publish(UserEvent.deleted(user));
        as(user).when().get("/images/gallery").then().statusCode(200);
    }

    @Test
    void aJobThatEndsAfterTheAccountIsDeletedLeavesNoImage() {
        UUID user = UUID.randomUUID();
        publish(UserEvent.deleted(user));
        await().atMost(Duration.ofSeconds(30)).until(() -> erased(user));

        JobMessage late = pipeline.job(user, "finished too late");
        pipeline.generate(late, Pipeline.png(8, 8));
        UUID bystander = UUID.randomUUID();
        JobEvent kept = pipeline.store(pipeline.job(bystander, "still wanted"), Pipeline.png(8, 8));

        await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.claimExists(late.jobId()));
        assertThat(rows(user)).isZero();
        assertThat(pipeline.events(late.jobId(), EventType.STORED)).isEmpty();
        assertThat(pipeline.events(late.jobId(), EventType.FAILED)).isEmpty();
        as(bystander).when().get("/images/{id}/content", kept.imageId()).then().statusCode(200);
    }

    @Test
    void anImageArrivingWhileTheAccountIsErasedWaitsAndIsDropped() {
        UUID user = UUID.randomUUID();
        JobMessage job = pipeline.job(user, "stored during the erase");
        // An erase that has begun: it holds the user's lock and has recorded the user, not yet committed.
        SqlConnection erase = pool.getConnection().await().atMost(Duration.ofSeconds(5));
        try {
            Transaction transaction = erase.begin().await().atMost(Duration.ofSeconds(5));
            erase.preparedQuery("select pg_advisory_xact_lock(hashtext('gallery.erase'), hashtext($1))")
                    .execute(Tuple.of(user.toString())).await().atMost(Duration.ofSeconds(5));
            erase.preparedQuery("insert into gallery.erased_users (user_id) values ($1)")
                    .execute(Tuple.of(user)).await().atMost(Duration.ofSeconds(5));

            pipeline.generate(job, Pipeline.png(8, 8));
            // Intake waits for the erase instead of storing an image the erase would not see.
            await().atMost(Duration.ofSeconds(30)).until(() -> lockAwaited(user));
            transaction.commit().await().atMost(Duration.ofSeconds(5));
        } finally {
            erase.close().await().atMost(Duration.ofSeconds(5));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.claimExists(job.jobId()));
        assertThat(rows(user)).isZero();
        assertThat(pipeline.events(job.jobId(), EventType.STORED)).isEmpty();
    }

    /** Whether someone waits for the user's erase lock (its second key is the hash of the user's id). */
    private boolean lockAwaited(UUID user) {
        return pool.preparedQuery("select 1 from pg_locks where locktype = 'advisory' and not granted"
                        + " and database = (select oid from pg_database where datname = current_database())"
                        + " and objsubid = 2 and objid = hashtext($1)::oid").execute(Tuple.of(user.toString()))
                .await().atMost(Duration.ofSeconds(5)).size() > 0;
    }

    private boolean erased(UUID user) {
        return pool.preparedQuery("select 1 from gallery.erased_users where user_id = $1").execute(Tuple.of(user))
                .await().atMost(Duration.ofSeconds(5)).size() == 1;
    }

    private long rows(UUID user) {
        return pool.preparedQuery("select (select count(*) from gallery.images where user_id = $1)"
                        + " + (select count(*) from gallery.collections where user_id = $1)")
                .execute(Tuple.of(user)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    private void publish(UserEvent event) {
        publisher.publish(event).await().atMost(Duration.ofSeconds(5));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.valid(user));
    }
}
