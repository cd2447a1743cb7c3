package dev.imagegen.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A person asks for an image, watches it arrive live, reads it back, and nobody else can. */
@ExtendWith(Suite.class)
class OneJobEndToEndIT {

    @Test
    void anImageJobGoesFromRequestToDownloadWhileItsOwnerWatches() throws IOException {
        SuiteUser alice = SuiteUser.register();
        SuiteUser bob = SuiteUser.register();
        try (ProgressSocket alicesProgress = ProgressSocket.open(alice);
                ProgressSocket bobsProgress = ProgressSocket.open(bob)) {

            String taskId = alice.request().contentType(ContentType.JSON)
                    .body(Map.of("prompt", "a cute golden retriever puppy playing in a garden", "size", "1024x1024",
                            "quality", "standard", "style", "vivid"))
                    .when().post("/images/generate")
                    .then().statusCode(202)
                    .body("status", equalTo("pending"))
                    .extract().path("task_id");

            // Progress arrives over the WebSocket, in order, ending with the stored image.
            await().atMost(Duration.ofSeconds(60)).until(() -> alicesProgress.eventsOf(taskId).stream()
                    .anyMatch(e -> List.of("stored", "failed").contains(e.path("type").asText())));
            List<JsonNode> events = alicesProgress.eventsOf(taskId);
            List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
            assertThat(types).doesNotContain("failed");
            assertThat(types).containsSubsequence("started", "progress", "generated", "stored");
            assertThat(events).extracting(e -> e.path("seq").asInt()).isSorted();
            JsonNode stored = events.get(events.size() - 1);
            assertThat(stored.path("status").asText()).isEqualTo("completed");
            assertThat(stored.path("progress").asInt()).isEqualTo(100);

            // The finished task reads with the seed's contract and holds a real PNG.
            JsonNode status = alice.request().when().get("/images/tasks/{id}/status", taskId)
                    .then().statusCode(200)
                    .body("status", equalTo("completed"))
                    .body("progress", equalTo(100))
                    .body("image_data.original_prompt", equalTo("a cute golden retriever puppy playing in a garden"))
                    .body("image_data.size", equalTo("1024x1024"))
                    .extract().as(JsonNode.class);
            JsonNode image = status.path("image_data");
            assertThat(image.path("revised_prompt").asText()).isNotBlank();
            assertThat(image.path("generation_cost").decimalValue()).isZero();
            byte[] png = Base64.getDecoder().decode(image.path("image_data").asText());
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(decoded.getWidth()).isEqualTo(1024);
            assertThat(decoded.getHeight()).isEqualTo(1024);

            // The download is the same image.
            String imageId = image.path("id").asText();
            byte[] downloaded = alice.request().when().get("/images/{id}/content", imageId)
                    .then().statusCode(200).contentType("image/png")
                    .extract().asByteArray();
            assertThat(downloaded).isEqualTo(png);
            alice.request().when().get(image.path("image_url").asText()).then().statusCode(200);

            // Bob sees none of it: not the task, not the image, not its progress.
            bob.request().when().get("/images/tasks/{id}/status", taskId)
                    .then().statusCode(404).contentType("application/problem+json");
            bob.request().when().get("/images/{id}", imageId).then().statusCode(404);
            bob.request().when().get("/images/{id}/content", imageId).then().statusCode(404);
            bob.request().when().get("/images/{id}/thumbnail", imageId).then().statusCode(404);
            assertThat(bobsProgress.events()).isEmpty();
        }
    }
}
