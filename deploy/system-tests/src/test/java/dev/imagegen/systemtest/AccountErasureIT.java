package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** DELETE /me reaches every service: the user's chats and jobs go, another user's stay. */
@ExtendWith(Suite.class)
class AccountErasureIT {

    @Test
    void aDeletedUsersThreadsAndJobsAreGone() {
        SuiteUser leaving = SuiteUser.register();
        SuiteUser staying = SuiteUser.register();
        String leavingTask = leaving.generateAndWait("a farewell lighthouse").getString("task_id");
        String stayingTask = staying.generateAndWait("a welcome lighthouse").getString("task_id");
        String leavingThread = thread(leaving);
        String stayingThread = thread(staying);

        leaving.request().when().delete("/me").then().statusCode(204);

        // The token stays valid until it expires, which lets the test watch the rows go.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            leaving.request().when().get("/chat/threads").then().statusCode(200).body("total", equalTo(0));
            leaving.request().when().get("/images/tasks/{id}/status", leavingTask).then().statusCode(404);
        });
        leaving.request().when().get("/chat/threads/{id}/messages", leavingThread).then().statusCode(404);
        staying.request().when().get("/chat/threads/{id}/messages", stayingThread)
                .then().statusCode(200).body("total", equalTo(1));
        staying.request().when().get("/images/tasks/{id}/status", stayingTask)
                .then().statusCode(200).body("status", equalTo("completed"));
    }

    private static String thread(SuiteUser user) {
        String id = user.request().contentType(ContentType.JSON).body("{}")
                .when().post("/chat/threads").then().statusCode(201).extract().path("id");
        user.request().contentType(ContentType.JSON).body(Map.of("content", "hello"))
                .when().post("/chat/threads/{id}/messages", id).then().statusCode(201);
        return id;
    }
}
