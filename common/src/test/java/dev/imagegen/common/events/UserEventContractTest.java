package dev.imagegen.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code user_deleted} example in docs/events.md is what the gateway writes and the gallery reads. */
class UserEventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void theDocumentedExampleReadsAndWritesBackUnchanged() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        Matcher m = Pattern.compile("`user_deleted`[^\\n]*:\\n```\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).isTrue();
        String example = m.group(1);

        UserEvent event = JSON.readValue(example, UserEvent.class);

        assertThat(event.type()).isEqualTo(UserEvent.Type.DELETED);
        assertThat(event.userId()).isEqualTo(UUID.fromString("5d1f3a52-3c1e-4f0e-a0a4-0f4e2b9f1c77"));
        assertThat(JSON.readTree(JSON.writeValueAsString(event))).isEqualTo(JSON.readTree(example));
    }

    @Test
    void aTypeFromANewerProducerReadsAsNoType() throws IOException {
        UserEvent event = JSON.readValue("{\"v\":1,\"type\":\"user_renamed\",\"user_id\":"
                + "\"5d1f3a52-3c1e-4f0e-a0a4-0f4e2b9f1c77\",\"at\":\"2026-11-26T05:10:00Z\"}", UserEvent.class);
        assertThat(event.type()).isNull();
    }

    @Test
    void deletedCarriesTheCurrentVersion() {
        UserEvent event = UserEvent.deleted(UUID.randomUUID());
        assertThat(event.v()).isEqualTo(UserEvent.VERSION);
        assertThat(event.at()).isNotNull();
    }
}
