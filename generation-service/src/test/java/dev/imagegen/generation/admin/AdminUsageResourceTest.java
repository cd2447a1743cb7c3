package dev.imagegen.generation.admin;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class AdminUsageResourceTest {

    private static final String ADMIN = Jwt.issuer("imagegen").subject(UUID.randomUUID().toString())
            .upn("admin@example.test").groups(Set.of("user", "admin")).sign();

    @Inject
    EventPublisher publisher;

    @Test
    void reportsEachUsersMonthAsJsonAndCsv() {
        TestUser user = TestUser.create();
        submit(user, "a lighthouse").then().statusCode(202);
        UUID failed = UUID.fromString(submit(user, "a harbour").then().statusCode(202).extract().path("task_id"));
        submit(user, "a blood bath").then().statusCode(422);
        publisher.publish(JobEvent.failed(failed, user.id(), null, "content_policy_violation", "refused", false))
                .await().indefinitely();
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        String mine = "find { it.user_id == '" + user.id() + "' }";

        await().untilAsserted(() -> given().auth().oauth2(ADMIN).queryParam("month", month)
                .when().get("/admin/usage")
                .then().statusCode(200)
                .body(mine + ".images", equalTo(1))
                .body(mine + ".spend", equalTo(0.04f))
                .body(mine + ".failures", equalTo(1))
                .body(mine + ".content_refusals", equalTo(1)));
        given().auth().oauth2(ADMIN).queryParam("month", month)
                .when().get("/admin/usage/report.csv")
                .then().statusCode(200)
                .contentType("text/csv")
                .header("Content-Disposition", containsString("usage-" + month + ".csv"))
                .body(containsString("user_id,images,spend,failures,content_refusals\n"))
                .body(containsString(user.id() + ",1,0.0400,1,1\n"));
    }

    @Test
    void setsAUsersLimits() {
        TestUser user = TestUser.create();
        submit(user, "a lighthouse").then().statusCode(202);

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("daily_images", 1))
                .when().put("/admin/users/{id}/limits", user.id())
                .then().statusCode(204);

        submit(user, "a harbour").then().statusCode(429).body("limit", equalTo("daily_images"));
        given().auth().oauth2(user.token()).when().get("/usage/me")
                .then().statusCode(200).body("daily_limit", equalTo(1)).body("monthly_limit", equalTo(10));
    }

    @Test
    void refusesBadInput() {
        given().auth().oauth2(ADMIN).queryParam("month", "2026-13").when().get("/admin/usage")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("daily_images", -1))
                .when().put("/admin/users/{id}/limits", UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void isForAdminsOnly() {
        String token = TestUser.create().token();
        given().auth().oauth2(token).when().get("/admin/usage").then().statusCode(403);
        given().auth().oauth2(token).when().get("/admin/usage/report.csv").then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("daily_images", 1000))
                .when().put("/admin/users/{id}/limits", UUID.randomUUID()).then().statusCode(403);
        given().when().get("/admin/usage").then().statusCode(401);
    }

    private static io.restassured.response.Response submit(TestUser user, String prompt) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", prompt, "size", "1024x1024", "quality", "standard"))
                .when().post("/images/generate");
    }
}
