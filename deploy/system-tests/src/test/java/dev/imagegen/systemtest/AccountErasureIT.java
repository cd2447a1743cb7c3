package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import static dev.imagegen.systemtest.SuiteDatabase.rowsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * DELETE /me reaches every service: the user's chats and jobs go, another user's stay, and the user's
 * unexpired token stops working at the gateway at once, so nothing is re-created after the erasure.
 */
@ExtendWith(Suite.class)
class AccountErasureIT {

    private static final String DELETED = "This account has been deleted";

    @Test
    void aDeletedUsersThreadsAndJobsAreGone() throws SQLException {
        SuiteUser leaving = SuiteUser.register();
        SuiteUser staying = SuiteUser.register();
        String leavingTask = leaving.generateAndWait("a farewell lighthouse").getString("task_id");
        String stayingTask = staying.generateAndWait("a welcome lighthouse").getString("task_id");
        thread(leaving);
        String stayingThread = thread(staying);
        assertThat(rowsOf("generation.jobs", leaving.id())).isEqualTo(1);
        assertThat(rowsOf("chat.threads", leaving.id())).isEqualTo(1);

        leaving.request().when().delete("/me").then().statusCode(204);

        // The token no longer opens anything, so the rows are watched in the database.
        leaving.request().when().get("/images/tasks/{id}/status", leavingTask).then().statusCode(401);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(rowsOf("generation.jobs", leaving.id())).isZero();
            assertThat(rowsOf("chat.threads", leaving.id())).isZero();
        });
        staying.request().when().get("/chat/threads/{id}/messages", stayingThread)
                .then().statusCode(200).body("total", equalTo(1));
        staying.request().when().get("/images/tasks/{id}/status", stayingTask)
                .then().statusCode(200).body("status", equalTo("completed"));
    }

    @Test
    void theDeletedUsersTokenCannotStartAJobOrAThread() throws SQLException {
        SuiteUser leaving = SuiteUser.register();
        leaving.request().when().delete("/me").then().statusCode(204);

        leaving.request().contentType(ContentType.JSON).body(Map.of("prompt", "a lighthouse after all"))
                .when().post("/images/generate")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"").body("detail", equalTo(DELETED));
        leaving.request().contentType(ContentType.JSON).body("{}")
                .when().post("/chat/threads")
                .then().statusCode(401).body("detail", equalTo(DELETED));
        leaving.request().when().get("/auth/me").then().statusCode(401).body("detail", equalTo(DELETED));

        assertThat(rowsOf("generation.jobs", leaving.id())).isZero();
        assertThat(rowsOf("chat.threads", leaving.id())).isZero();
    }

    private static String thread(SuiteUser user) {
        String id = user.request().contentType(ContentType.JSON).body("{}")
                .when().post("/chat/threads").then().statusCode(201).extract().path("id");
        user.request().contentType(ContentType.JSON).body(Map.of("content", "hello"))
                .when().post("/chat/threads/{id}/messages", id).then().statusCode(201);
        return id;
    }
}
