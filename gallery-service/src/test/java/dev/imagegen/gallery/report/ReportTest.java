package dev.imagegen.gallery.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.TestTokens;
import dev.imagegen.gallery.Pipeline;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ReportTest {

    private static final String PROBLEM = "application/problem+json";
    private static final UUID ADMIN_ID = UUID.randomUUID();
    private static final String ADMIN = Jwt.issuer("imagegen").subject(ADMIN_ID.toString())
            .upn("admin@example.test").groups(Set.of("user", "admin")).sign();

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
    void theOwnerReportsTheirImageOnce() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "a storm over the sea");

        String id = report(as(owner), "/images/" + image + "/report", "violence", "too graphic")
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("image_id", equalTo(image.toString()))
                .body("reason", equalTo("violence"))
                .body("status", equalTo("open"))
                .extract().path("id");
        // The same reporter again: the open report, not a second one.
        report(as(owner), "/images/" + image + "/report", "other", null)
                .then().statusCode(200).body("id", equalTo(id)).body("reason", equalTo("violence"));
        assertThat(reports(image)).isEqualTo(1);
    }

    @Test
    void anotherUsersImageOrAMissingOneIsNotFound() {
        UUID image = store(UUID.randomUUID(), "private picture");
        report(as(UUID.randomUUID()), "/images/" + image + "/report", "hate", null)
                .then().statusCode(404).contentType(PROBLEM);
        report(as(UUID.randomUUID()), "/images/" + UUID.randomUUID() + "/report", "hate", null)
                .then().statusCode(404).contentType(PROBLEM);
        report(given(), "/images/" + image + "/report", "hate", null).then().statusCode(401).contentType(PROBLEM);
        assertThat(reports(image)).isZero();
    }

    @Test
    void anUnknownReasonOrALongNoteIsRefusedAndNothingIsFiled() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "a quiet street");
        String token = share(owner, image);

        for (String path : List.of("/images/" + image + "/report", "/s/" + token + "/report")) {
            report(as(owner), path, "boring", null)
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("title", equalTo("Bad Request")).body("status", equalTo(400))
                    .body("errors[0].field", equalTo("reason"));
            report(as(owner), path, "other", "x".repeat(1001))
                    .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("note"));
            as(owner).contentType(ContentType.JSON).body(Map.of()).when().post(path)
                    .then().statusCode(400).contentType(PROBLEM);
            as(owner).contentType(ContentType.JSON).body("{\"reason\": ").when().post(path)
                    .then().statusCode(400).contentType(PROBLEM);
        }
        assertThat(reports(image)).isZero();
    }

    @Test
    void anyoneWithTheShareLinkReportsAnonymouslyOrAsThemselves() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "a shared sunset");
        String token = share(owner, image);
        String path = "/s/" + token + "/report";

        String anonymous = report(given(), path, "sexual", "not for children")
                .then().statusCode(201).body("image_id", equalTo(image.toString())).extract().path("id");
        // Anonymous visitors count as one reporter; a bad token leaves the visitor anonymous.
        report(given(), path, "illegal", null).then().statusCode(200).body("id", equalTo(anonymous));
        report(given().auth().oauth2("garbage"), path, "illegal", null)
                .then().statusCode(200).body("id", equalTo(anonymous));
        UUID visitor = UUID.randomUUID();
        String signedIn = report(as(visitor), path, "hate", null).then().statusCode(201).extract().path("id");

        JsonPath open = openReports();
        assertThat(open.getString("items.find { it.id == '" + anonymous + "' }.reporter_id")).isNull();
        assertThat(open.getString("items.find { it.id == '" + anonymous + "' }.note")).isEqualTo("not for children");
        assertThat(open.getString("items.find { it.id == '" + signedIn + "' }.reporter_id"))
                .isEqualTo(visitor.toString());

        as(owner).when().delete("/images/{id}/share", image).then().statusCode(204);
        report(given(), path, "other", null).then().statusCode(404).contentType(PROBLEM);
        report(given(), "/s/no-such-token/report", "other", null).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void adminsListReportsNewestFirstAndSeeTheImage() {
        UUID owner = UUID.randomUUID();
        UUID first = store(owner, "first reported prompt");
        UUID second = store(owner, "second reported prompt");
        String older = fileOwn(owner, first, "self_harm", "please look");
        String newer = fileOwn(owner, second, "other", null);

        JsonPath open = openReports();
        List<String> ids = open.getList("items.id");
        assertThat(ids).contains(older, newer);
        assertThat(ids.indexOf(newer)).isLessThan(ids.indexOf(older));
        Map<String, Object> item = open.getMap("items.find { it.id == '" + older + "' }");
        assertThat(item).containsEntry("image_id", first.toString())
                .containsEntry("owner_id", owner.toString())
                .containsEntry("prompt", "first reported prompt")
                .containsEntry("reason", "self_harm")
                .containsEntry("note", "please look")
                .containsEntry("reporter_id", owner.toString())
                .containsEntry("status", "open")
                .containsKey("created_at");

        byte[] thumbnail = admin().when().get((String) item.get("thumbnail_url"))
                // The stored picture has a transparent corner, which its thumbnail keeps.
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(thumbnail).isNotEmpty();
        admin().queryParam("size", 1).when().get("/admin/reports")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("size", equalTo(1));
        admin().queryParam("status", "closed").when().get("/admin/reports").then().statusCode(400).contentType(PROBLEM);
        admin().queryParam("size", 101).when().get("/admin/reports").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void onlyAdminsMayModerate() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "not yours to judge");
        String id = fileOwn(owner, image, "other", null);

        as(owner).when().get("/admin/reports").then().statusCode(403).contentType(PROBLEM)
                .body("status", equalTo(403));
        as(owner).when().get("/admin/reports/{id}/image", id).then().statusCode(403).contentType(PROBLEM);
        as(owner).contentType(ContentType.JSON).body(Map.of("action", "remove_image"))
                .when().post("/admin/reports/{id}/resolve", id).then().statusCode(403).contentType(PROBLEM);
        given().when().get("/admin/reports").then().statusCode(401).contentType(PROBLEM);
        as(owner).when().get("/images/{id}", image).then().statusCode(200);
    }

    @Test
    void dismissingKeepsTheImageAndClosesThatReport() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "harmless kittens");
        String id = fileOwn(owner, image, "other", null);

        resolve(id, "dismiss").then().statusCode(200)
                .body("status", equalTo("resolved")).body("action", equalTo("dismiss"));
        resolve(id, "dismiss").then().statusCode(409).contentType(PROBLEM);
        resolve(id, "ban").then().statusCode(400).contentType(PROBLEM);
        resolve(UUID.randomUUID().toString(), "dismiss").then().statusCode(404).contentType(PROBLEM);
        as(owner).when().get("/images/{id}", image).then().statusCode(200);
        assertThat(resolvedReports().getList("items.id")).contains(id);
        // Closed, so the same reporter may report the image again.
        report(as(owner), "/images/" + image + "/report", "other", null).then().statusCode(201);
    }

    @Test
    void removingTheImageRevokesItsLinkAndClosesEveryOpenReport() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "something illegal");
        String token = share(owner, image);
        String byOwner = fileOwn(owner, image, "illegal", null);
        String byVisitor = report(given(), "/s/" + token + "/report", "illegal", null)
                .then().statusCode(201).extract().path("id");

        resolve(byVisitor, "remove_image").then().statusCode(200)
                .body("status", equalTo("resolved")).body("action", equalTo("remove_image"))
                .body("thumbnail_url", nullValue());

        as(owner).when().get("/images/{id}", image).then().statusCode(404);
        given().when().get("/s/{token}", token).then().statusCode(404).contentType(PROBLEM);
        admin().when().get("/admin/reports/{id}/image", byOwner).then().statusCode(404).contentType(PROBLEM);
        resolve(byOwner, "dismiss").then().statusCode(409);
        assertThat(resolvedReports().getString("items.find { it.id == '" + byOwner + "' }.action")).isEqualTo("remove_image");
        assertThat(openReports().getList("items.id")).doesNotContain(byOwner, byVisitor);
    }

    @Test
    void newReportsAreCountedByReason() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "counted");
        double before = counted("hate");
        report(as(owner), "/images/" + image + "/report", "hate", null).then().statusCode(201);
        report(as(owner), "/images/" + image + "/report", "hate", null).then().statusCode(200);
        assertThat(counted("hate")).isEqualTo(before + 1);
    }

    @Test
    void aResolvedReportKeepsWhatWasReportedAfterTheImageIsRemoved() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "a burning ship at sea");
        String id = fileOwn(owner, image, "violence", "real fire?");
        String thumbnail = admin().when().get("/admin/reports").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.id == '" + id + "' }.thumbnail_url");

        resolve(id, "remove_image").then().statusCode(200)
                .body("image_removed", equalTo(true)).body("prompt", equalTo("a burning ship at sea"));

        Map<String, Object> item = resolvedReports().getMap("items.find { it.id == '" + id + "' }");
        assertThat(item).containsEntry("image_id", image.toString())
                .containsEntry("owner_id", owner.toString())
                .containsEntry("prompt", "a burning ship at sea")
                .containsEntry("revised_prompt", "a burning ship at sea (revised)")
                .containsEntry("model", "dall-e-3")
                .containsEntry("reason", "violence")
                .containsEntry("note", "real fire?")
                .containsEntry("action", "remove_image")
                .containsEntry("image_removed", true)
                .containsEntry("thumbnail_url", null);
        assertThat(item.get("image_created_at")).isNotNull();
        // The admin who kept the page open asks for the thumbnail of the image just removed.
        admin().when().get(thumbnail).then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404)).body("code", equalTo("image_removed"))
                .body("detail", equalTo("The image was removed"));
        admin().when().get("/admin/reports/{id}/image", UUID.randomUUID()).then().statusCode(404)
                .contentType(PROBLEM).body("detail", equalTo("Report not found"));
    }

    @Test
    void anImageTheOwnerDeletedStillShowsWhatWasReported() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "a picture deleted after the report");
        String id = fileOwn(owner, image, "other", null);
        as(owner).when().delete("/images/{id}", image).then().statusCode(204);

        Map<String, Object> item = openReports().getMap("items.find { it.id == '" + id + "' }");
        assertThat(item).containsEntry("prompt", "a picture deleted after the report")
                .containsEntry("image_removed", true).containsEntry("thumbnail_url", null);
        // Nothing to look at, but the admin can still close it.
        resolve(id, "dismiss").then().statusCode(200).body("status", equalTo("resolved"));
    }

    @Test
    void erasingTheOwnerDropsTheirOpenReportsAndThePromptOfDecidedOnes() {
        UUID leaving = UUID.randomUUID();
        UUID decided = store(leaving, "my private words about my sister");
        UUID pending = store(leaving, "still waiting for an admin");
        String dismissed = fileOwn(leaving, decided, "hate", "judge me");
        resolve(dismissed, "dismiss").then().statusCode(200);
        report(as(leaving), "/images/" + pending + "/report", "other", null).then().statusCode(201);

        publish(UserEvent.deleted(leaving));

        // Its image is gone with the account, so nothing is left to judge.
        await().atMost(Duration.ofSeconds(30)).until(() -> reports(pending) == 0);
        Map<String, Object> item = resolvedReports().getMap("items.find { it.id == '" + dismissed + "' }");
        assertThat(item).containsEntry("owner_id", null)
                .containsEntry("prompt", null)
                .containsEntry("revised_prompt", null)
                .containsEntry("reporter_id", null)
                .containsEntry("reason", "hate")
                .containsEntry("note", "judge me")
                .containsEntry("action", "dismiss")
                .containsEntry("model", "dall-e-3")
                .containsEntry("image_removed", true);
        assertThat(pool.preparedQuery("select count(*) from gallery.image_reports where prompt like $1"
                        + " or revised_prompt like $1")
                .execute(Tuple.of("my private words about my sister%")).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0)).isZero();
    }

    @Test
    void erasingAReporterKeepsTheirReportsWithoutTheirId() {
        UUID leaving = UUID.randomUUID();
        UUID bystander = UUID.randomUUID();
        UUID image = store(bystander, "reported by many");
        String path = "/s/" + share(bystander, image) + "/report";
        String anonymous = report(given(), path, "hate", null).then().statusCode(201).extract().path("id");
        String byLeaving = report(as(leaving), path, "violence", "see the background")
                .then().statusCode(201).extract().path("id");

        publish(UserEvent.deleted(leaving));

        await().atMost(Duration.ofSeconds(30)).until(() -> openReports()
                .getBoolean("items.find { it.id == '" + byLeaving + "' }.reporter_erased"));
        Map<String, Object> item = openReports().getMap("items.find { it.id == '" + byLeaving + "' }");
        assertThat(item).containsEntry("reporter_id", null)
                .containsEntry("reason", "violence")
                .containsEntry("note", "see the background")
                .containsEntry("owner_id", bystander.toString())
                .containsEntry("prompt", "reported by many");
        assertThat(reports(image)).isEqualTo(2);
        // Anonymous visitors still count as one reporter beside it.
        report(given(), path, "other", null).then().statusCode(200).body("id", equalTo(anonymous));
    }

    private UUID store(UUID owner, String prompt) {
        return pipeline.store(pipeline.job(owner, prompt), Pipeline.png(16, 16)).imageId();
    }

    /** The owner reports their own image; the new report's id. */
    private static String fileOwn(UUID owner, UUID image, String reason, String note) {
        return report(as(owner), "/images/" + image + "/report", reason, note)
                .then().statusCode(201).extract().path("id");
    }

    private String share(UUID owner, UUID image) {
        return as(owner).when().post("/images/{id}/share", image).then().statusCode(201).extract().path("token");
    }

    private static io.restassured.response.Response report(RequestSpecification request, String path, String reason,
            String note) {
        Map<String, Object> body = note == null ? Map.of("reason", reason) : Map.of("reason", reason, "note", note);
        return request.contentType(ContentType.JSON).body(body).when().post(path);
    }

    private static io.restassured.response.Response resolve(String id, String action) {
        return admin().contentType(ContentType.JSON).body(Map.of("action", action))
                .when().post("/admin/reports/{id}/resolve", id);
    }

    private static JsonPath openReports() {
        return admin().queryParam("status", "open").queryParam("size", 100).when().get("/admin/reports")
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath resolvedReports() {
        return admin().queryParam("status", "resolved").queryParam("size", 100).when().get("/admin/reports")
                .then().statusCode(200).extract().jsonPath();
    }

    private long reports(UUID image) {
        return pool.preparedQuery("select count(*) from gallery.image_reports where image_id = $1")
                .execute(Tuple.of(image)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    private static double counted(String reason) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("imagegen_image_reports_total{") && line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private void publish(UserEvent event) {
        publisher.publish(event).await().atMost(Duration.ofSeconds(5));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN);
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.valid(user));
    }
}
