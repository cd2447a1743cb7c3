package dev.imagegen.generation.quota;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class QuotaLedgerTest {

    /** A per-image model of the test profile: $0.02 an image. */
    private static final Map<String, Object> PER_IMAGE = Map.of("prompt", "a lighthouse at dusk", "model",
            "sketch-1", "size", "1024x1024");
    /** A per-token model: 439 output tokens expected, $0.01367 an image. */
    private static final Map<String, Object> PER_TOKEN = Map.of("prompt", "a lighthouse at dusk", "model",
            "gpt-image-2.6-flare", "size", "1024x1024", "quality", "medium");

    @Inject
    EventPublisher publisher;
    @Inject
    ModelProfiles profiles;

    @Test
    void concurrentSubmitsNeverPassTheDailyLimit() throws Throwable {
        TestUser user = TestUser.create();
        limits(user.id(), 5, null);

        List<Response> answers = submitAtOnce(user, 20, PER_IMAGE);

        assertThat(answers).filteredOn(r -> r.statusCode() == 202).hasSize(5);
        List<Response> refused = answers.stream().filter(r -> r.statusCode() != 202).toList();
        assertThat(refused).hasSize(15).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("code")).isEqualTo("quota_exceeded");
            assertThat(r.jsonPath().getString("limit")).isEqualTo("daily_images");
            assertThat(r.jsonPath().getString("used")).isEqualTo("5");
            assertThat(r.jsonPath().getString("max")).isEqualTo("5");
            assertThat(Instant.parse(r.jsonPath().getString("resets_at")))
                    .isEqualTo(OffsetDateTime.now(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay()
                            .toInstant(ZoneOffset.UTC));
            assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 86_400L);
        });
        assertThat(charges(user.id(), "RESERVED")).isEqualTo(5);
    }

    @Test
    void aJobOfSeveralImagesCountsEachAgainstTheDailyLimit() throws Throwable {
        TestUser user = TestUser.create();
        limits(user.id(), 5, null);

        UUID three = UUID.fromString(submit(user, with(PER_TOKEN, "n", 3)).then().statusCode(202)
                .extract().path("task_id"));
        submit(user, with(PER_TOKEN, "n", 3)).then().statusCode(429)
                .body("limit", equalTo("daily_images"))
                .body("used", equalTo("3"))
                .body("max", equalTo("5"))
                .body("detail", containsString("This job makes 3 images and 3 of the daily limit of 5 are used"));
        UUID two = UUID.fromString(submit(user, with(PER_TOKEN, "n", 2)).then().statusCode(202)
                .extract().path("task_id"));

        assertThat(LedgerRows.value("SELECT images FROM generation.charges WHERE job_id = ?1", three)).isEqualTo(3);
        assertThat(LedgerRows.value("SELECT images FROM generation.charges WHERE job_id = ?1", two)).isEqualTo(2);
        assertThat(charge(three).get(1)).isEqualTo(new BigDecimal("0.041010"));
        given().auth().oauth2(user.token()).when().get("/usage/me")
                .then().statusCode(200).body("images_today", equalTo(5));
        submit(user, PER_TOKEN).then().statusCode(429).body("used", equalTo("5"));
    }

    @Test
    void concurrentSubmitsNeverPassTheMonthlyBudget() throws Throwable {
        TestUser user = TestUser.create();
        limits(user.id(), null, new BigDecimal("0.05"));

        List<Response> answers = submitAtOnce(user, 10, PER_IMAGE);

        assertThat(answers).filteredOn(r -> r.statusCode() == 202).hasSize(2);
        Response refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.jsonPath().getString("limit")).isEqualTo("monthly_cost");
        assertThat(refused.jsonPath().getString("used")).isEqualTo("0.040000");
        assertThat(refused.jsonPath().getString("max")).isEqualTo("0.0500");
        assertThat(refused.header("Retry-After")).isNull();
    }

    @Test
    void twoHundredConcurrentSubmitsOfATokenBilledModelWithinABudgetOfTenImagesAcceptExactlyTen()
            throws Throwable {
        TestUser user = TestUser.create();
        BigDecimal perImage = new BigDecimal(given().auth().oauth2(user.token())
                .queryParams(options(PER_TOKEN)).when().get("/images/estimate")
                .then().statusCode(200).extract().jsonPath().getString("cost"));
        limits(user.id(), null, perImage.multiply(BigDecimal.TEN));

        List<Response> answers = submitAtOnce(user, 200, PER_TOKEN);

        assertThat(answers).filteredOn(r -> r.statusCode() == 202).hasSize(10);
        assertThat(answers).filteredOn(r -> r.statusCode() != 202).hasSize(190).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.jsonPath().getString("limit")).isEqualTo("monthly_cost");
        });
        BigDecimal spend = (BigDecimal) LedgerRows.value("SELECT coalesce(sum(amount), 0) FROM generation.charges"
                + " WHERE user_id = ?1 AND state <> 'RELEASED'", user.id());
        assertThat(spend).isEqualByComparingTo(perImage.multiply(BigDecimal.TEN));
        assertThat(((Number) LedgerRows.value("SELECT count(*) FROM generation.quota_refusals WHERE user_id = ?1"
                + " AND limit_name = 'monthly_cost'", user.id())).intValue()).isEqualTo(190);
    }

    @Test
    void theEstimateIsWhatTheJobIsCharged() throws Throwable {
        TestUser user = TestUser.create();
        for (Map<String, Object> options : List.of(
                Map.<String, Object>of("model", "dall-e-3", "size", "1792x1024", "quality", "hd"),
                Map.<String, Object>of("model", "gpt-image-2.6-sunburst", "size", "1536x1024", "quality", "high",
                        "n", 3),
                Map.<String, Object>of("model", "gpt-image-2", "size", "auto", "quality", "auto"),
                Map.<String, Object>of("model", "gpt-image-2.5-flare", "size", "2048x1152"),
                Map.<String, Object>of("model", "sketch-1", "size", "512x512"),
                Map.<String, Object>of("model", "dall-e-2", "size", "512x512"))) {
            BigDecimal estimate = new BigDecimal(given().auth().oauth2(user.token()).queryParams(options)
                    .when().get("/images/estimate")
                    .then().statusCode(200).extract().jsonPath().getString("cost"));
            Map<String, Object> body = new HashMap<>(options);
            body.put("prompt", "a lighthouse at dusk");
            UUID jobId = UUID.fromString(submit(user, body).then().statusCode(202).extract().path("task_id"));

            assertThat((BigDecimal) charge(jobId).get(1)).as("%s", options).isEqualByComparingTo(estimate);
        }
    }

    @Test
    void yesterdaysImagesDoNotCountToday() throws Throwable {
        TestUser user = TestUser.create();
        limits(user.id(), 1, null);
        insertCharge(user.id(), Instant.now().minus(Duration.ofDays(1)));

        submit(user, PER_IMAGE).then().statusCode(202);
        submit(user, PER_IMAGE).then().statusCode(429).body("limit", equalTo("daily_images"));
    }

    @Test
    void generatedOverTheEstimateSettlesToTheCostOfTheUsageWithItsTokens() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user, PER_TOKEN).then().statusCode(202).extract().path("task_id"));
        assertThat(charge(jobId)).isEqualTo(List.of("RESERVED", new BigDecimal("0.013670")));
        TokenUsage usage = new TokenUsage(120, 0, 20, 0, 1200, 0);
        // 100 text tokens at $5 + 20 cached at $1.25 + 1,200 image tokens out at $30, per 1M
        BigDecimal cost = profiles.find("gpt-image-2.6-flare").orElseThrow().tokenPrices().orElseThrow().cost(usage);
        assertThat(cost).isEqualTo(new BigDecimal("0.036525"));

        generated(user, jobId, cost, usage);

        await().untilAsserted(() -> assertThat(charge(jobId)).isEqualTo(List.of("SETTLED", cost)));
        assertThat(LedgerRows.tokens(jobId)).containsExactly(120L, 0L, 20L, 1200L, 0L);
        assertThat(LedgerRows.value("SELECT cost FROM generation.jobs WHERE id = ?1", jobId)).isEqualTo(cost);
    }

    @Test
    void generatedUnderTheEstimateSettlesToTheRealCostRoundedUpToSixDecimals() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user, PER_TOKEN).then().statusCode(202).extract().path("task_id"));

        generated(user, jobId, new BigDecimal("0.0052501"), new TokenUsage(50, 0, 0, 0, 158, 2));

        await().untilAsserted(() -> assertThat(charge(jobId))
                .isEqualTo(List.of("SETTLED", new BigDecimal("0.005251"))));
        assertThat(LedgerRows.tokens(jobId)).containsExactly(50L, 0L, 0L, 158L, 2L);
        assertThat(LedgerRows.value("SELECT cost FROM generation.jobs WHERE id = ?1", jobId))
                .isEqualTo(new BigDecimal("0.005251"));
    }

    @Test
    void aPerImageModelSettlesToItsPriceWithNoTokens() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user, PER_IMAGE).then().statusCode(202).extract().path("task_id"));

        publisher.publish(JobEvent.generated(message(jobId, user.id()), "a lighthouse", "sketch-1",
                new BigDecimal("0.019"), "imagegen:claim:" + jobId, "image/png")).await().indefinitely();

        await().untilAsserted(() -> assertThat(charge(jobId))
                .isEqualTo(List.of("SETTLED", new BigDecimal("0.019000"))));
        assertThat(LedgerRows.tokens(jobId)).containsOnlyNulls();
    }

    @Test
    void aRefusalByTheProviderIsReleased() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user, PER_IMAGE).then().statusCode(202).extract().path("task_id"));

        publisher.publish(JobEvent.failed(jobId, user.id(), null, "content_policy_violation", "refused", false))
                .await().indefinitely();

        await().untilAsserted(() -> assertThat(charge(jobId).get(0)).isEqualTo("RELEASED"));
    }

    @Test
    void everyOtherFailureIsRefundedToo() throws Throwable {
        TestUser user = TestUser.create();
        UUID timedOut = UUID.fromString(submit(user, PER_IMAGE).then().statusCode(202).extract().path("task_id"));
        UUID deadLettered = UUID.fromString(submit(user, PER_IMAGE).then().statusCode(202).extract().path("task_id"));

        publisher.publish(JobEvent.failed(timedOut, user.id(), null, "time_limit_exceeded", "too slow", false))
                .await().indefinitely();
        publisher.publish(JobEvent.failed(deadLettered, user.id(), null, "dead_lettered", "gave up", false))
                .await().indefinitely();

        await().untilAsserted(() -> {
            assertThat(charge(timedOut).get(0)).isEqualTo("RELEASED");
            assertThat(charge(deadLettered).get(0)).isEqualTo("RELEASED");
        });
    }

    @Test
    void aStorageFailureAfterGeneratedRefundsTheCharge() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user, PER_TOKEN).then().statusCode(202).extract().path("task_id"));
        generated(user, jobId, new BigDecimal("0.0151"), new TokenUsage(100, 0, 0, 0, 487, 0));
        await().untilAsserted(() -> assertThat(charge(jobId).get(0)).isEqualTo("SETTLED"));

        publisher.publish(JobEvent.failed(jobId, user.id(), null, "claim_expired", "expired", false))
                .await().indefinitely();

        await().untilAsserted(() -> given().auth().oauth2(user.token()).when().get("/images/tasks/{id}/status", jobId)
                .then().statusCode(200).body("status", equalTo("failed")).body("error", notNullValue()));
        await().untilAsserted(() -> assertThat(charge(jobId).get(0)).isEqualTo("RELEASED"));
    }

    private void generated(TestUser user, UUID jobId, BigDecimal cost, TokenUsage usage) {
        publisher.publish(JobEvent.generated(message(jobId, user.id()), "a lighthouse", "gpt-image-2.6-flare",
                "1024x1024", "medium", cost, List.of("imagegen:claim:" + jobId), "image/png", usage))
                .await().indefinitely();
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> more = new HashMap<>(body);
        more.put(field, value);
        return more;
    }

    /** The body's options as estimate query parameters. */
    private static Map<String, Object> options(Map<String, Object> body) {
        Map<String, Object> options = new HashMap<>(body);
        options.remove("prompt");
        return options;
    }

    private static Response submit(TestUser user, Map<String, Object> body) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(body)
                .when().post("/images/generate");
    }

    private static List<Response> submitAtOnce(TestUser user, int count, Map<String, Object> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return submit(user, body);
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> call : calls) {
                answers.add(call.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JobMessage message(UUID jobId, UUID userId) {
        return new JobMessage(JobMessage.VERSION, jobId, userId, "a lighthouse at dusk", "gpt-image-2.6-flare",
                "1024x1024", "medium", null, null, Instant.now(), 1);
    }

    static void limits(UUID userId, Integer dailyImages, BigDecimal monthlyCost) throws Throwable {
        LedgerRows.limits(userId, dailyImages, monthlyCost);
    }

    private static void insertCharge(UUID userId, Instant at) throws Throwable {
        LedgerRows.insertCharge(userId, new BigDecimal("0.02"), "SETTLED", at.atOffset(ZoneOffset.UTC));
    }

    private static long charges(UUID userId, String state) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.<Long>createNativeQuery("SELECT count(*) FROM generation.charges WHERE user_id = ?1"
                        + " AND state = ?2", Long.class).setParameter(1, userId).setParameter(2, state)
                        .getSingleResult())));
    }

    private static List<Object> charge(UUID jobId) throws Throwable {
        return LedgerRows.charge(jobId);
    }
}
