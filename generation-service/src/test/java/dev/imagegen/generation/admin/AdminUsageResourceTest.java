package dev.imagegen.generation.admin;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.LedgerRows;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class AdminUsageResourceTest {

    private static final String ADMIN = Jwt.issuer("imagegen").subject(UUID.randomUUID().toString())
            .upn("admin@example.test").groups(Set.of("user", "admin")).sign();

    private static final Random RANDOM = new Random();

    @Inject
    EventPublisher publisher;

    @Inject
    RedisDataSource redis;

    @Inject
    StreamKeys keys;

    @Test
    void reportsEachUsersMonthAsJsonAndCsv() {
        TestUser user = TestUser.create();
        submit(user, "a lighthouse").then().statusCode(202);
        UUID failed = UUID.fromString(submit(user, "a harbour").then().statusCode(202).extract().path("task_id"));
        submit(user, "a blood bath").then().statusCode(422);
        publisher.publish(JobEvent.failed(failed, user.id(), null, "content_policy_violation", "refused", false))
                .await().indefinitely();
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        String mine = "items.find { it.user_id == '" + user.id() + "' }";

        await().untilAsserted(() -> given().auth().oauth2(ADMIN).queryParam("month", month)
                .queryParam("q", user.id().toString())
                .when().get("/admin/usage")
                .then().statusCode(200)
                .body(mine + ".images", equalTo(1))
                .body(mine + ".spend", equalTo(0.02f))
                .body(mine + ".input_tokens", equalTo(0))
                .body(mine + ".output_tokens", equalTo(0))
                .body(mine + ".failures", equalTo(1))
                .body(mine + ".content_refusals", equalTo(1)));
        given().auth().oauth2(ADMIN).queryParam("month", month)
                .when().get("/admin/usage/report.csv")
                .then().statusCode(200)
                .contentType("text/csv")
                .header("Content-Disposition", containsString("usage-" + month + ".csv"))
                .body(containsString("user_id,images,spend,failures,content_refusals,quota_refusals,input_tokens,"
                        + "output_tokens\n"))
                .body(containsString(user.id() + ",1,0.020000,1,1,0,0,0\n"));
    }

    @Test
    void showsTheTokensBilledBesideTheDollars() {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse", "model", "gpt-image-2.6-flare", "n", 2))
                .when().post("/images/generate").then().statusCode(202).extract().path("task_id"));
        JobMessage job = new JobMessage(JobMessage.VERSION, jobId, user.id(), "a lighthouse", "gpt-image-2.6-flare",
                "1024x1024", "medium", null, null, Instant.now(), 1, 2, "auto", "png", null, "auto", null, null);
        publisher.publish(JobEvent.generated(job, "a lighthouse", "gpt-image-2.6-flare", "1024x1024", "medium",
                new BigDecimal("0.030125"), List.of("claim-0", "claim-1"), "image/png",
                new TokenUsage(25, 0, 0, 0, 1000, 0))).await().indefinitely();
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        String mine = "items.find { it.user_id == '" + user.id() + "' }";

        await().untilAsserted(() -> given().auth().oauth2(ADMIN).queryParam("month", month)
                .queryParam("q", user.id().toString())
                .when().get("/admin/usage")
                .then().statusCode(200)
                .body(mine + ".images", equalTo(2))
                .body(mine + ".spend", equalTo(0.030125f))
                .body(mine + ".input_tokens", equalTo(25))
                .body(mine + ".output_tokens", equalTo(1000))
                .body("totals.input_tokens", greaterThanOrEqualTo(25))
                .body("totals.output_tokens", greaterThanOrEqualTo(1000)));
        given().auth().oauth2(ADMIN).queryParam("month", month)
                .when().get("/admin/usage/report.csv")
                .then().statusCode(200)
                .body(containsString(user.id() + ",2,0.030125,0,0,0,25,1000\n"));
    }

    @Test
    void countsQuotaRefusals() throws Throwable {
        TestUser user = TestUser.create();
        LedgerRows.limits(user.id(), 1, null);
        submit(user, "a lighthouse").then().statusCode(202);
        submit(user, "a harbour").then().statusCode(429);
        submit(user, "a pier").then().statusCode(429);

        given().auth().oauth2(ADMIN).queryParam("q", user.id().toString()).when().get("/admin/usage")
                .then().statusCode(200)
                .body("items.find { it.user_id == '" + user.id() + "' }.quota_refusals", equalTo(2));
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
            Object[] ledger = LedgerRows.rows("SELECT sum(images), coalesce(sum(amount), 0),"
                    + " coalesce(sum(input_text_tokens + input_image_tokens), 0),"
                    + " coalesce(sum(output_image_tokens + output_text_tokens), 0) FROM generation.charges"
                    + " WHERE state <> 'RELEASED' AND created_at >= ?1 AND created_at < ?2", start,
                    start.plusMonths(1)).get(0);
            assertThat(rows.stream().mapToLong(row -> Long.parseLong(row[1])).sum())
                    .isEqualTo(((Number) ledger[0]).longValue());
            assertThat(rows.stream().map(row -> new BigDecimal(row[2])).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo((BigDecimal) ledger[1]);
            assertThat(rows.stream().mapToLong(row -> Long.parseLong(row[6])).sum())
                    .isEqualTo(((Number) ledger[2]).longValue());
            assertThat(rows.stream().mapToLong(row -> Long.parseLong(row[7])).sum())
                    .isEqualTo(((Number) ledger[3]).longValue());
        });
    }

    @Test
    void pagesTheMonthBiggestSpenderFirstWithTheWholeMonthsTotals() throws Throwable {
        YearMonth month = quietMonth();
        UUID big = spender(month, "0.5000");
        UUID tieA = spender(month, "0.3000");
        UUID tieB = spender(month, "0.3000");
        UUID small = spender(month, "0.0400", "0.0400");
        spender(month, "0.0100");
        List<String> ties = Stream.of(tieA, tieB).map(UUID::toString).sorted().toList();

        given().auth().oauth2(ADMIN).queryParam("month", month.toString()).queryParam("size", 2)
                .when().get("/admin/usage")
                .then().statusCode(200)
                .body("month", equalTo(month.toString()))
                .body("page", equalTo(1)).body("size", equalTo(2)).body("total", equalTo(5))
                .body("items.user_id", contains(big.toString(), ties.get(0)))
                .body("totals.users", equalTo(5)).body("totals.images", equalTo(6))
                .body("totals.spend", equalTo(1.19f));
        given().auth().oauth2(ADMIN).queryParam("month", month.toString()).queryParam("size", 2)
                .queryParam("page", 2)
                .when().get("/admin/usage")
                .then().statusCode(200)
                .body("page", equalTo(2))
                .body("items.user_id", contains(ties.get(1), small.toString()))
                .body("items[1].images", equalTo(2)).body("items[1].spend", equalTo(0.08f));
        given().auth().oauth2(ADMIN).queryParam("month", month.toString()).queryParam("size", 2)
                .queryParam("page", 4)
                .when().get("/admin/usage")
                .then().statusCode(200)
                .body("items", empty()).body("total", equalTo(5)).body("totals.users", equalTo(5));
    }

    @Test
    void searchesByTheStartOfAUserIdIgnoringCaseAndKeepsTheMonthsTotals() throws Throwable {
        YearMonth month = quietMonth();
        UUID wanted = spender(month, "0.0200");
        spender(month, "0.0400");

        given().auth().oauth2(ADMIN).queryParam("month", month.toString())
                .queryParam("q", " " + wanted.toString().substring(0, 8).toUpperCase(Locale.ROOT) + " ")
                .when().get("/admin/usage")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items.user_id", contains(wanted.toString()))
                .body("totals.users", equalTo(2)).body("totals.spend", equalTo(0.06f));
        given().auth().oauth2(ADMIN).queryParam("month", month.toString()).queryParam("q", "")
                .when().get("/admin/usage")
                .then().statusCode(200).body("total", equalTo(2));
    }

    @Test
    void aPageHoldsFiftyUsersUnlessAskedAndTwoHundredAtMost() throws Throwable {
        YearMonth month = quietMonth();
        for (int i = 0; i < 51; i++) {
            spender(month, "0.0100");
        }

        given().auth().oauth2(ADMIN).queryParam("month", month.toString())
                .when().get("/admin/usage")
                .then().statusCode(200)
                .body("page", equalTo(1)).body("size", equalTo(50)).body("total", equalTo(51))
                .body("items", hasSize(50));
        given().auth().oauth2(ADMIN).queryParam("month", month.toString()).queryParam("size", 200)
                .when().get("/admin/usage")
                .then().statusCode(200).body("items", hasSize(51));
    }

    @Test
    void theCsvReportHoldsEveryUserOfTheMonthWhateverThePageSize() throws Throwable {
        YearMonth month = quietMonth();
        for (int i = 0; i < 3; i++) {
            spender(month, "0.0100");
        }

        String csv = given().auth().oauth2(ADMIN).queryParam("month", month.toString()).queryParam("size", 1)
                .when().get("/admin/usage/report.csv")
                .then().statusCode(200).extract().asString();
        assertThat(csv.lines().skip(1)).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "size=201 | size must be less than or equal to 200",
        "size=0   | size must be greater than or equal to 1",
        "page=0   | page must be greater than or equal to 1",
        "page=two | page must be a whole number",
        "q=dora@example.test | q must be the start of a user id (hex digits and dashes)",
    })
    void refusesBadPagingInWords(String parameter, String detail) {
        String[] pair = parameter.split("=", 2);
        given().auth().oauth2(ADMIN).queryParam(pair[0], pair[1]).when().get("/admin/usage")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString(detail))
                .body("errors[0].field", equalTo(pair[0]));
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
    }

    /** Limits beyond what the ledger's columns hold are refused by name, never a 500 from the database. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"monthly_cost\": 1000000}                | monthly_cost | must be from 0 to 999999.9999 (USD) with at most 4 decimals",
        "{\"monthly_cost\": 1e30}                   | monthly_cost | must be from 0 to 999999.9999 (USD) with at most 4 decimals",
        "{\"monthly_cost\": -0.01}                  | monthly_cost | must be from 0 to 999999.9999 (USD) with at most 4 decimals",
        "{\"monthly_cost\": 0.00001}                | monthly_cost | must be from 0 to 999999.9999 (USD) with at most 4 decimals",
        "{\"daily_images\": 3000000000}             | daily_images | must be a whole number from 0 to 2147483647",
        "{\"daily_images\": -1}                     | daily_images | must be a whole number from 0 to 2147483647",
        "{\"daily_images\": 1.5}                    | daily_images | must be a whole number from 0 to 2147483647",
    })
    void refusesLimitsTheLedgerCannotHold(String body, String field, String message) throws Throwable {
        UUID userId = UUID.randomUUID();

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .when().put("/admin/users/{id}/limits", userId)
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("validation"))
                .body("detail", containsString(field))
                .body("errors.field", contains(field))
                .body("errors.message", contains(message));
        assertThat(LedgerRows.value("SELECT count(*) FROM generation.quota_accounts WHERE user_id = ?1", userId))
                .isEqualTo(0L);
    }

    @Test
    void refusesANumberThatIsNotOne() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"monthly_cost\": \"NaN\"}")
                .when().put("/admin/users/{id}/limits", UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_json"));
    }

    @Test
    void acceptsTheLargestLimitsTheLedgerHolds() {
        TestUser user = TestUser.create();

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("daily_images", 2147483647, "monthly_cost", new BigDecimal("999999.9999")))
                .when().put("/admin/users/{id}/limits", user.id())
                .then().statusCode(204);

        BigDecimal monthlyLimit = given().auth().oauth2(user.token()).when().get("/usage/me")
                .then().statusCode(200).body("daily_limit", equalTo(2147483647))
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                .get("monthly_limit");
        assertThat(monthlyLimit).isEqualByComparingTo("999999.9999");
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

    @Test
    void aRevokedTokenIsA401EvenOnAnAdminRoute() {
        UUID user = UUID.randomUUID();
        String token = Jwt.issuer("imagegen").subject(user.toString()).upn("gone@example.test")
                .groups(Set.of("user")).sign();
        redis.value(String.class).setex(keys.revoked(user), 60, "1");

        given().auth().oauth2(token).when().get("/admin/usage").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("account_deleted"));
    }

    /** A month in the distant past that holds only what the calling test puts in it. */
    private static YearMonth quietMonth() throws Throwable {
        YearMonth month = YearMonth.of(1000 + RANDOM.nextInt(900), 1 + RANDOM.nextInt(12));
        OffsetDateTime start = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        LedgerRows.execute("DELETE FROM generation.charges WHERE created_at >= ?1 AND created_at < ?2", start,
                start.plusMonths(1));
        return month;
    }

    /** A new user with one settled charge in the month per amount, and one released charge that never counts. */
    private static UUID spender(YearMonth month, String... amounts) throws Throwable {
        UUID user = UUID.randomUUID();
        OffsetDateTime at = month.atDay(2).atTime(12, 0).atOffset(ZoneOffset.UTC);
        for (String amount : amounts) {
            LedgerRows.insertCharge(user, new BigDecimal(amount), "SETTLED", at);
        }
        LedgerRows.insertCharge(user, new BigDecimal("9.0000"), "RELEASED", at);
        return user;
    }

    /** One image of the test profile's per-image model: $0.02. */
    private static io.restassured.response.Response submit(TestUser user, String prompt) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", prompt, "model", "sketch-1", "size", "1024x1024"))
                .when().post("/images/generate");
    }
}
