package dev.imagegen.chat.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.imagegen.common.events.ChatEvent;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What chat-service writes to the chat stream has the shape docs/events.md shows (the gateway reads that). */
class ChatEventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aFinishedReplyIsAnnouncedInTheDocumentedShape() throws IOException {
        UUID user = UUID.randomUUID();
        UUID thread = UUID.randomUUID();
        JobMessage job = new JobMessage(1, UUID.randomUUID(), user, "a puppy", "dall-e-3", "1024x1024", "standard",
                "vivid", thread, Instant.now(), 1);
        JobEvent generated = JobEvent.generated(job, "a puppy (offline render)", "offline", BigDecimal.ZERO, "claim",
                "image/png");
        ChatMessage reply = ChatMessage.result(user, thread,
                JobEvent.stored(generated, UUID.randomUUID(), "/images/x/content", "/images/x/thumbnail"));

        ChatEvent event = ChatEvent.message(user, thread, JSON.valueToTree(MessageView.of(reply)));
        JsonNode written = JSON.readTree(JSON.writeValueAsString(event));
        JsonNode documented = JSON.readTree(documentedExample());

        assertThat(paths(written, "")).isEqualTo(paths(documented, ""));
        assertThat(JSON.readValue(documentedExample(), ChatEvent.class).message().path("image").path("id").asText())
                .isEqualTo("7c0e1a0b-4a8e-4d6f-b0a5-1d2c3e4f5a6b");
    }

    static String documentedExample() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        Matcher m = Pattern.compile("```\\n(\\{\"v\":1,\"type\":\"chat\\.message\".*?)\\n```", Pattern.DOTALL)
                .matcher(doc);
        assertThat(m.find()).as("the chat.message example in docs/events.md").isTrue();
        return m.group(1);
    }

    /** Every field path of a JSON tree, sorted, so two trees compare by shape rather than by values. */
    private static List<String> paths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            paths.add(prefix + field.getKey());
            if (field.getValue().isObject()) {
                paths.addAll(paths(field.getValue(), prefix + field.getKey() + "."));
            }
        });
        return paths.stream().sorted().toList();
    }
}
