package dev.imagegen.generation.quota;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class QuotaLedgerTest {

    private static final Map<String, String> STANDARD = Map.of("prompt", "a lighthouse at dusk", "model", "dall-e-3",
            "size", "1024x1024", "quality", "standard");

    @Inject
    EventPublisher publisher;

    @Test
    void concurrentSubmitsNeverPassTheDailyLimit() throws Throwable {
        TestUser user = TestUser.create();
        limits(user.id(), 5, null);

        List<Response> answers = submitAtOnce(user, 20);

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
    void concurrentSubmitsNeverPassTheMonthlyBudget() throws Throwable {
        TestUser user = TestUser.create();
        limits(user.id(), null, new BigDecimal("0.10"));

        List<Response> answers = submitAtOnce(user, 10);

        assertThat(answers).filteredOn(r -> r.statusCode() == 202).hasSize(2);
        Response refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.jsonPath().getString("limit")).isEqualTo("monthly_cost");
        assertThat(refused.jsonPath().getString("used")).isEqualTo("0.0800");
        assertThat(refused.jsonPath().getString("max")).isEqualTo("0.1000");
        assertThat(refused.header("Retry-After")).isNull();
    }

    @Test
    void twoHundredConcurrentSubmitsWithinABudgetOfTenImagesAcceptExactlyTen() throws Throwable {
        TestUser user = TestUser.create();
        limits(user.id(), null, new BigDecimal("0.40"));

        List<Response> answers = submitAtOnce(user, 200);

        assertThat(answers).filteredOn(r -> r.statusCode() == 202).hasSize(10);
        assertThat(answers).filteredOn(r -> r.statusCode() != 202).hasSize(190).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.jsonPath().getString("limit")).isEqualTo("monthly_cost");
        });
        BigDecimal spend = (BigDecimal) LedgerRows.value("SELECT coalesce(sum(amount), 0) FROM generation.charges"
                + " WHERE user_id = ?1 AND state <> 'RELEASED'", user.id());
        assertThat(spend).isEqualByComparingTo("0.40");
        assertThat(((Number) LedgerRows.value("SELECT count(*) FROM generation.quota_refusals WHERE user_id = ?1"
                + " AND limit_name = 'monthly_cost'", user.id())).intValue()).isEqualTo(190);
    }

    @Test
    void theEstimateIsWhatTheJobIsCharged() throws Throwable {
        TestUser user = TestUser.create();
        for (Map<String, String> options : List.of(
                Map.of("model", "dall-e-3", "size", "1792x1024", "quality", "hd"),
                Map.of("model", "dall-e-3", "size", "1024x1024", "quality", "standard"),
                Map.of("model", "dall-e-2", "size", "512x512"))) {
            BigDecimal estimate = new BigDecimal(given().auth().oauth2(user.token()).queryParams(options)
                    .when().get("/images/estimate")
                    .then().statusCode(200).extract().jsonPath().getString("cost"));
            Map<String, String> body = new HashMap<>(options);
            body.put("prompt", "a lighthouse at dusk");
            UUID jobId = UUID.fromString(given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                    .body(body).when().post("/images/generate")
                    .then().statusCode(202).extract().path("task_id"));

            assertThat((BigDecimal) charge(jobId).get(1)).as("%s", options).isEqualByComparingTo(estimate);
        }
    }

    @Test
    void yesterdaysImagesDoNotCountToday() throws Throwable {
        TestUser user = TestUser.create();
        limits(user.id(), 1, null);
        insertCharge(user.id(), Instant.now().minus(Duration.ofDays(1)));

        submit(user).then().statusCode(202);
        submit(user).then().statusCode(429).body("limit", equalTo("daily_images"));
    }

    @Test
    void generatedSettlesToTheRealCost() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user).then().statusCode(202).extract().path("task_id"));
        assertThat(charge(jobId)).isEqualTo(List.of("RESERVED", new BigDecimal("0.0400")));

        publisher.publish(JobEvent.generated(message(jobId, user.id()), "a lighthouse", "dall-e-3",
                new BigDecimal("0.0350"), "imagegen:claim:" + jobId, "image/png")).await().indefinitely();

        await().untilAsserted(() -> assertThat(charge(jobId)).isEqualTo(List.of("SETTLED", new BigDecimal("0.0350"))));
    }

    @Test
    void aRefusalByTheProviderIsReleased() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user).then().statusCode(202).extract().path("task_id"));

        publisher.publish(JobEvent.failed(jobId, user.id(), null, "content_policy_violation", "refused", false))
                .await().indefinitely();

        await().untilAsserted(() -> assertThat(charge(jobId).get(0)).isEqualTo("RELEASED"));
    }

    @Test
    void anAmbiguousFailureCountsAsSpent() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user).then().statusCode(202).extract().path("task_id"));

        publisher.publish(JobEvent.failed(jobId, user.id(), null, "time_limit_exceeded", "too slow", false))
                .await().indefinitely();

        await().untilAsserted(() -> assertThat(charge(jobId)).isEqualTo(List.of("SETTLED", new BigDecimal("0.0400"))));
    }

    @Test
    void aStorageFailureAfterGeneratedKeepsTheCharge() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user).then().statusCode(202).extract().path("task_id"));
        publisher.publish(JobEvent.generated(message(jobId, user.id()), "a lighthouse", "dall-e-3",
                new BigDecimal("0.0400"), "imagegen:claim:" + jobId, "image/png")).await().indefinitely();
        await().untilAsserted(() -> assertThat(charge(jobId).get(0)).isEqualTo("SETTLED"));

        publisher.publish(JobEvent.failed(jobId, user.id(), null, "claim_expired", "expired", false))
                .await().indefinitely();

        await().untilAsserted(() -> given().auth().oauth2(user.token()).when().get("/images/tasks/{id}/status", jobId)
                .then().statusCode(200).body("status", equalTo("failed")).body("error", notNullValue()));
        assertThat(charge(jobId)).isEqualTo(List.of("SETTLED", new BigDecimal("0.0400")));
    }

    private static Response submit(TestUser user) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(STANDARD)
                .when().post("/images/generate");
    }

    private static List<Response> submitAtOnce(TestUser user, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return submit(user);
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
        return new JobMessage(JobMessage.VERSION, jobId, userId, "a lighthouse at dusk", "dall-e-3", "1024x1024",
                "standard", "vivid", null, Instant.now(), 1);
    }

    static void limits(UUID userId, Integer dailyImages, BigDecimal monthlyCost) throws Throwable {
        LedgerRows.limits(userId, dailyImages, monthlyCost);
    }

    private static void insertCharge(UUID userId, Instant at) throws Throwable {
        LedgerRows.insertCharge(userId, new BigDecimal("0.04"), "SETTLED", at.atOffset(ZoneOffset.UTC));
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
