package dev.imagegen.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A person types /image in a chat thread and watches the reply become the image; nobody else sees it. */
@ExtendWith(Suite.class)
class ChatImageIT {

    private static final String PROMPT = "a cute golden retriever puppy playing in a garden";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anImageCommandPostsTheImageBackIntoTheThreadLive() throws IOException {
        SuiteUser alice = SuiteUser.register();
        SuiteUser bob = SuiteUser.register();
        try (ProgressSocket alicesSocket = ProgressSocket.open(alice);
                ProgressSocket bobsSocket = ProgressSocket.open(bob)) {
            String thread = openThread(alice);

            JsonPath posted = post(alice, thread, "/image " + PROMPT + " --size square");
            assertThat(posted.getString("message.role")).isEqualTo("user");
            assertThat(posted.getString("replies[0].role")).isEqualTo("assistant");
            assertThat(posted.getString("replies[0].content")).isEqualTo("🎨 Generating image: \"" + PROMPT + "\"");
            String taskId = posted.getString("replies[0].task_id");
            assertThat(taskId).isNotBlank();
            String replyId = posted.getString("replies[0].id");

            // The reply becomes the image; reloading the thread shows it.
            await().atMost(WAIT).until(() -> !"pending".equals(messages(alice, thread).getString("items[1].status")));
            JsonPath history = messages(alice, thread);
            assertThat(history.getList("items.role")).containsExactly("user", "assistant");
            assertThat(history.getString("items[1].id")).isEqualTo(replyId);
            assertThat(history.getString("items[1].status")).isEqualTo("completed");
            assertThat(history.getString("items[1].task_id")).isEqualTo(taskId);
            assertThat(history.getString("items[1].image.revised_prompt")).isNotBlank();
            assertThat(history.getString("items[1].image.size")).isEqualTo("1024x1024");
            assertThat(new BigDecimal(history.getString("items[1].image.cost"))).isZero();
            String imageId = history.getString("items[1].image.id");
            byte[] png = alice.request().when().get(history.getString("items[1].image.image_url"))
                    .then().statusCode(200).contentType("image/png").extract().asByteArray();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(1024);
            alice.request().when().get(history.getString("items[1].image.thumbnail_url")).then().statusCode(200);
            alice.request().when().get("/chat/threads/{id}", thread)
                    .then().statusCode(200).body("title", equalTo(PROMPT));

            // The open socket saw the thread change as it happened, in order, ending with the image.
            await().atMost(WAIT).until(() -> chatEvents(alicesSocket, thread).stream()
                    .anyMatch(m -> "completed".equals(m.path("status").asText())));
            List<JsonNode> live = chatEvents(alicesSocket, thread);
            assertThat(live.get(0).path("role").asText()).isEqualTo("user");
            List<JsonNode> replies = live.subList(1, live.size());
            assertThat(replies).extracting(m -> m.path("id").asText()).containsOnly(replyId);
            assertThat(replies.get(0).path("content").asText()).startsWith("🎨 Generating image");
            assertThat(replies).extracting(m -> m.path("progress").asInt()).isSorted();
            JsonNode done = replies.get(replies.size() - 1);
            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("image").path("id").asText()).isEqualTo(imageId);

            // Bob can neither see nor touch any of it, and hears nothing of it.
            bob.request().get("/chat/threads/{id}", thread).then().statusCode(404)
                    .contentType("application/problem+json");
            bob.request().get("/chat/threads/{id}/messages", thread).then().statusCode(404);
            bob.request().contentType(ContentType.JSON).body(Map.of("content", "/image a cat"))
                    .post("/chat/threads/{id}/messages", thread).then().statusCode(404);
            bob.request().contentType(ContentType.JSON).body(Map.of("title", "mine now"))
                    .patch("/chat/threads/{id}", thread).then().statusCode(404);
            bob.request().delete("/chat/threads/{id}", thread).then().statusCode(404);
            assertThat(bob.request().get("/chat/threads").then().statusCode(200).extract().jsonPath()
                    .getList("items")).isEmpty();
            assertThat(bobsSocket.events()).noneMatch(m -> "chat.message".equals(m.path("type").asText()));

            // Deleting the thread takes its messages; the image stays in the gallery.
            alice.request().delete("/chat/threads/{id}", thread).then().statusCode(204);
            alice.request().get("/chat/threads/{id}/messages", thread).then().statusCode(404);
            alice.request().get("/images/{id}", imageId).then().statusCode(200);
        }
    }

    @Test
    void refusalsAndMistakesBecomeAssistantReplies() {
        SuiteUser carol = SuiteUser.register();
        String thread = openThread(carol);

        String refused = post(carol, thread, "/image a fox --n 11").getString("replies[0].content");
        assertThat(refused).startsWith("⚠️ The image could not be generated: ").contains("between 1 and 10");
        assertThat(post(carol, thread, "/image").getString("replies[0].content")).startsWith("Tell me what to draw");
        assertThat(post(carol, thread, "/paint a fox").getString("replies[0].content"))
                .isEqualTo("Unknown command /paint. Type /help to see the commands.");
        assertThat(post(carol, thread, "/help").getString("replies[0].content")).contains("/image", "--size");

        JsonPath history = messages(carol, thread);
        assertThat(history.getList("items.role"))
                .containsExactly("user", "assistant", "user", "assistant", "user", "assistant", "user", "assistant");
        assertThat(history.getString("items[1].status")).isEqualTo("failed");
        assertThat(history.getString("items[1].error_code")).isEqualTo("validation");
    }

    private static String openThread(SuiteUser user) {
        return user.request().contentType(ContentType.JSON).body("{}")
                .when().post("/chat/threads")
                .then().statusCode(201).extract().path("id");
    }

    private static JsonPath post(SuiteUser user, String thread, String content) {
        return user.request().contentType(ContentType.JSON).body(Map.of("content", content))
                .when().post("/chat/threads/{id}/messages", thread)
                .then().statusCode(201).extract().jsonPath();
    }

    private static JsonPath messages(SuiteUser user, String thread) {
        return user.request().get("/chat/threads/{id}/messages", thread).then().statusCode(200).extract().jsonPath();
    }

    private static List<JsonNode> chatEvents(ProgressSocket socket, String thread) {
        return socket.events().stream()
                .filter(e -> "chat.message".equals(e.path("type").asText()) && thread.equals(e.path("thread_id").asText()))
                .map(e -> e.path("message"))
                .toList();
    }
}
