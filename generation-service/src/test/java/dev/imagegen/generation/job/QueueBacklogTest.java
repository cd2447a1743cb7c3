package dev.imagegen.generation.job;

import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.MovableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Jobs waiting for the jobs stream are a queue too: past its bound, submits are refused until it drains. */
@QuarkusTest
@TestProfile(QueueBacklogTest.OneWaitingJob.class)
class QueueBacklogTest {

    public static class OneWaitingJob implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagegen.outbox.max-backlog", "1");
        }
    }

    @Inject
    QueueReconciler reconciler;

    @AfterEach
    void recover() {
        FailingEnqueue.fail(false);
        MovableClock.reset();
    }

    @Test
    void submitsAreRefusedWhileTooManyJobsWaitForTheQueue() throws Throwable {
        TestUser user = TestUser.create();
        FailingEnqueue.fail(true);
        submit(user).then().statusCode(202);
        MovableClock.moveBy(Duration.ofSeconds(6));
        requeue();

        submit(user).then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("code", equalTo("queue_unavailable"));

        FailingEnqueue.fail(false);
        requeue();
        submit(user).then().statusCode(202);
    }

    private void requeue() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> reconciler.requeue());
    }

    private static Response submit(TestUser user) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse at dusk"))
                .when().post("/images/generate");
    }
}
