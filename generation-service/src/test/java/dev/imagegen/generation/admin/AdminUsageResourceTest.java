package dev.imagegen.generation.admin;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.LedgerRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
                .body(containsString("user_id,images,spend,failures,content_refusals,quota_refusals\n"))
                .body(containsString(user.id() + ",1,0.0400,1,1,0\n"));
    }

    @Test
    void countsQuotaRefusals() throws Throwable {
        TestUser user = TestUser.create();
        LedgerRows.limits(user.id(), 1, null);
        submit(user, "a lighthouse").then().statusCode(202);
        submit(user, "a harbour").then().statusCode(429);
        submit(user, "a pier").then().statusCode(429);

        given().auth().oauth2(ADMIN).when().get("/admin/usage")
                .then().statusCode(200)
                .body("find { it.user_id == '" + user.id() + "' }.quota_refusals", equalTo(2));
    }

    @Test
    void theCsvReportSumsToTheLedger() throws Throwable {
        for (int i = 0; i < 3; i++) {
            TestUser user = TestUser.create();
            for (int j = 0; j <= i; j++) {
                submit(user, "a lighthouse").then().statusCode(202);
            }
        }
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        OffsetDateTime start = YearMonth.parse(month).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);

        await().untilAsserted(() -> {
            String csv = given().auth().oauth2(ADMIN).queryParam("month", month)
                    .when().get("/admin/usage/report.csv")
                    .then().statusCode(200).extract().asString();
            List<String[]> rows = csv.lines().skip(1).map(line -> line.split(",")).toList();
            Object[] ledger = LedgerRows.rows("SELECT count(*), coalesce(sum(amount), 0) FROM generation.charges"
                    + " WHERE state <> 'RELEASED' AND created_at >= ?1 AND created_at < ?2", start,
                    start.plusMonths(1)).get(0);
            assertThat(rows.stream().mapToLong(row -> Long.parseLong(row[1])).sum())
                    .isEqualTo(((Number) ledger[0]).longValue());
            assertThat(rows.stream().map(row -> new BigDecimal(row[2])).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo((BigDecimal) ledger[1]);
        });
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
