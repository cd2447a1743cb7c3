package dev.imagegen.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code spend_alert} example in docs/events.md is what generation-service writes. */
class SpendAlertContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void theDocumentedExampleReadsAndWritesBackUnchanged() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        Matcher m = Pattern.compile("`spend_alert`[^\\n]*:\\n```\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).isTrue();
        String example = m.group(1);

        SpendAlert alert = JSON.readValue(example, SpendAlert.class);

        assertThat(alert.type()).isEqualTo(SpendAlert.TYPE);
        assertThat(alert.month()).isEqualTo("2026-11");
        assertThat(alert.spend()).isEqualByComparingTo(new BigDecimal("8.04"));
        assertThat(alert.percent()).isEqualTo(80);
        assertThat(JSON.readTree(JSON.writeValueAsString(alert))).isEqualTo(JSON.readTree(example));
    }
}
