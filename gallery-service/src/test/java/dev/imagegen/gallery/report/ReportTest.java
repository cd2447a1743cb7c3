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
        String older = report(as(owner), "/images/" + first + "/report", "self_harm", "please look")
                .then().statusCode(201).extract().path("id");
        String newer = report(as(owner), "/images/" + second + "/report", "other", null)
                .then().statusCode(201).extract().path("id");

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
                .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
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
        String id = report(as(owner), "/images/" + image + "/report", "other", null)
                .then().statusCode(201).extract().path("id");

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
        String id = report(as(owner), "/images/" + image + "/report", "other", null)
                .then().statusCode(201).extract().path("id");

        resolve(id, "dismiss").then().statusCode(200)
                .body("status", equalTo("resolved")).body("action", equalTo("dismiss"));
        resolve(id, "dismiss").then().statusCode(409).contentType(PROBLEM);
        resolve(id, "ban").then().statusCode(400).contentType(PROBLEM);
        resolve(UUID.randomUUID().toString(), "dismiss").then().statusCode(404).contentType(PROBLEM);
        as(owner).when().get("/images/{id}", image).then().statusCode(200);
        assertThat(admin().queryParam("status", "resolved").queryParam("size", 100).when().get("/admin/reports")
                .then().statusCode(200).extract().jsonPath().getList("items.id")).contains(id);
        // Closed, so the same reporter may report the image again.
        report(as(owner), "/images/" + image + "/report", "other", null).then().statusCode(201);
    }

    @Test
    void removingTheImageRevokesItsLinkAndClosesEveryOpenReport() {
        UUID owner = UUID.randomUUID();
        UUID image = store(owner, "something illegal");
        String token = share(owner, image);
        String byOwner = report(as(owner), "/images/" + image + "/report", "illegal", null)
                .then().statusCode(201).extract().path("id");
        String byVisitor = report(given(), "/s/" + token + "/report", "illegal", null)
                .then().statusCode(201).extract().path("id");

        resolve(byVisitor, "remove_image").then().statusCode(200)
                .body("status", equalTo("resolved")).body("action", equalTo("remove_image"))
                .body("thumbnail_url", nullValue());

        as(owner).when().get("/images/{id}", image).then().statusCode(404);
        given().when().get("/s/{token}", token).then().statusCode(404).contentType(PROBLEM);
        admin().when().get("/admin/reports/{id}/image", byOwner).then().statusCode(404).contentType(PROBLEM);
        resolve(byOwner, "dismiss").then().statusCode(409);
        JsonPath resolved = admin().queryParam("status", "resolved").queryParam("size", 100)
                .when().get("/admin/reports").then().statusCode(200).extract().jsonPath();
        assertThat(resolved.getString("items.find { it.id == '" + byOwner + "' }.action")).isEqualTo("remove_image");
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
    void aDeletedUsersReportsGoWithTheirImagesAndTheirNameLeavesOthersReports() {
        UUID leaving = UUID.randomUUID();
        UUID bystander = UUID.randomUUID();
        UUID own = store(leaving, "leaving with me");
        UUID others = store(bystander, "staying");
        report(as(leaving), "/images/" + own + "/report", "other", null).then().statusCode(201);
        String aboutOthers = report(as(leaving), "/s/" + share(bystander, others) + "/report", "hate", null)
                .then().statusCode(201).extract().path("id");
        report(as(bystander), "/images/" + others + "/report", "hate", null).then().statusCode(201);

        publish(UserEvent.deleted(leaving));

        await().atMost(Duration.ofSeconds(30)).until(() -> reports(own) == 0);
        assertThat(reports(others)).isEqualTo(2);
        assertThat(openReports().getString("items.find { it.id == '" + aboutOthers + "' }.reporter_id")).isNull();
    }

    private UUID store(UUID owner, String prompt) {
        return pipeline.store(pipeline.job(owner, prompt), Pipeline.png(16, 16)).imageId();
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
