package dev.imagegen.generation.idempotency;

import dev.imagegen.common.testing.TestUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class IdempotencyKeyTest {

    private static final Map<String, String> LIGHTHOUSE = Map.of("prompt", "a lighthouse at dusk");

    @Test
    void aReplayAnswersTheSameAndMakesNoSecondJob() throws Throwable {
        TestUser user = TestUser.create();
        String key = UUID.randomUUID().toString();
        Response first = submit(user, key, LIGHTHOUSE);
        first.then().statusCode(202);

        submit(user, key, LIGHTHOUSE).then().statusCode(202)
                .body("task_id", equalTo(first.path("task_id")))
                .body("status", equalTo("pending"))
                .body("estimated_time", equalTo(first.<Integer>path("estimated_time")));
        assertThat(jobs(user.id())).isEqualTo(1);
        assertThat(charges(user.id())).isEqualTo(1);
    }

    @Test
    void concurrentReplaysMakeOneJob() throws Throwable {
        TestUser user = TestUser.create();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return submit(user, key, LIGHTHOUSE);
                }));
            }
            start.countDown();
            List<String> taskIds = new ArrayList<>();
            for (Future<Response> call : calls) {
                taskIds.add(call.get().then().statusCode(202).extract().path("task_id"));
            }
            assertThat(taskIds).containsOnly(taskIds.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(jobs(user.id())).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() throws Throwable {
        TestUser user = TestUser.create();
        String key = UUID.randomUUID().toString();
        submit(user, key, LIGHTHOUSE).then().statusCode(202);

        submit(user, key, Map.of("prompt", "a lighthouse at dawn")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_reused"));
        assertThat(jobs(user.id())).isEqualTo(1);
    }

    @Test
    void theSameKeyWithOtherImageOptionsIsRefused() throws Throwable {
        TestUser user = TestUser.create();
        String key = UUID.randomUUID().toString();
        Map<String, Object> three = Map.of("prompt", "a lighthouse at dusk", "n", 3, "output_format", "webp");
        String first = submit(user, key, three).then().statusCode(202).extract().path("task_id");
        submit(user, key, three).then().statusCode(202).body("task_id", equalTo(first));

        for (Map<String, Object> other : List.<Map<String, Object>>of(
                Map.of("prompt", "a lighthouse at dusk", "n", 2, "output_format", "webp"),
                Map.of("prompt", "a lighthouse at dusk", "n", 3, "output_format", "jpeg"),
                Map.of("prompt", "a lighthouse at dusk", "n", 3, "output_format", "webp", "background",
                        "transparent"),
                Map.of("prompt", "a lighthouse at dusk", "n", 3, "output_format", "webp", "output_compression", 50),
                Map.of("prompt", "a lighthouse at dusk", "n", 3, "output_format", "webp", "moderation", "low"))) {
            submit(user, key, other).then().statusCode(422).body("code", equalTo("idempotency_key_reused"));
        }
        assertThat(jobs(user.id())).isEqualTo(1);
    }

    @Test
    void keysBelongToTheirUser() throws Throwable {
        String key = UUID.randomUUID().toString();
        TestUser one = TestUser.create();
        TestUser other = TestUser.create();
        String first = submit(one, key, LIGHTHOUSE).then().statusCode(202).extract().path("task_id");

        String second = submit(other, key, LIGHTHOUSE).then().statusCode(202).extract().path("task_id");

        assertThat(second).isNotEqualTo(first);
        assertThat(jobs(other.id())).isEqualTo(1);
    }

    @Test
    void aKeyOlderThanADayStartsAfresh() throws Throwable {
        TestUser user = TestUser.create();
        String key = UUID.randomUUID().toString();
        String first = submit(user, key, LIGHTHOUSE).then().statusCode(202).extract().path("task_id");
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("UPDATE generation.idempotency_keys SET created_at = now()"
                        + " - interval '25 hours' WHERE user_id = ?1").setParameter(1, user.id()).executeUpdate())));

        String second = submit(user, key, Map.of("prompt", "a lighthouse at dawn")).then().statusCode(202)
                .extract().path("task_id");

        assertThat(second).isNotEqualTo(first);
        assertThat(jobs(user.id())).isEqualTo(2);
    }

    @Test
    void refusesAnOverlongKey() {
        submit(TestUser.create(), "k".repeat(256), LIGHTHOUSE).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    private static Response submit(TestUser user, String key, Map<String, ?> body) {
        return given().auth().oauth2(user.token()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).when().post("/images/generate");
    }

    private static long jobs(UUID userId) throws Throwable {
        return count("SELECT count(*) FROM generation.jobs WHERE user_id = ?1", userId);
    }

    private static long charges(UUID userId) throws Throwable {
        return count("SELECT count(*) FROM generation.charges WHERE user_id = ?1", userId);
    }

    private static long count(String sql, UUID userId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.<Long>createNativeQuery(sql, Long.class).setParameter(1, userId).getSingleResult())));
    }
}
