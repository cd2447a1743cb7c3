package dev.imagegen.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented examples in docs/events.md are what producers write and consumers read. */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void everyDocumentedExampleReadsAndWritesBackUnchanged() throws IOException {
        List<String> examples = documentedExamples();
        assertThat(examples).hasSize(4);

        JobMessage job = JSON.readValue(examples.get(0), JobMessage.class);
        assertThat(job.prompt()).isEqualTo("a cute golden retriever puppy playing in a garden");
        assertThat(JSON.readTree(JSON.writeValueAsString(job))).isEqualTo(JSON.readTree(examples.get(0)));

        for (String example : examples.subList(1, examples.size())) {
            JobEvent event = JSON.readValue(example, JobEvent.class);
            JsonNode written = JSON.readTree(JSON.writeValueAsString(event));
            assertThat(written).isEqualTo(JSON.readTree(example));
        }
    }

    @Test
    void factoriesProduceTheDocumentedShape() throws IOException {
        List<String> examples = documentedExamples();
        JobMessage job = JSON.readValue(examples.get(0), JobMessage.class);
        JobEvent documentedGenerated = JSON.readValue(examples.get(1), JobEvent.class);
        JobEvent generated = JobEvent.generated(job, job.prompt(), job.model(), "1536x1024", "high",
                new BigDecimal("0.10561"), List.of("imagegen:claim:" + job.jobId(), "imagegen:claim:" + job.jobId()
                        + ":1"), "image/webp", documentedGenerated.usage());
        assertThat(fieldNames(JSON.readTree(JSON.writeValueAsString(generated))))
                .isEqualTo(fieldNames(JSON.readTree(examples.get(1))));

        JobEvent stored = JobEvent.stored(generated, List.of(
                new JobEvent.StoredImage(UUID.randomUUID(), "/images/x/content", "/images/x/thumbnail"),
                new JobEvent.StoredImage(UUID.randomUUID(), "/images/y/content", "/images/y/thumbnail")));
        assertThat(fieldNames(JSON.readTree(JSON.writeValueAsString(stored))))
                .isEqualTo(fieldNames(JSON.readTree(examples.get(2))));
        assertThat(stored.seq()).isGreaterThan(generated.seq());
        assertThat(stored.allImages()).hasSize(2);
        assertThat(stored.imageId()).isEqualTo(stored.allImages().get(0).imageId());
        assertThat(generated.allClaimKeys()).containsExactly("imagegen:claim:" + job.jobId(),
                "imagegen:claim:" + job.jobId() + ":1");
        assertThat(generated.requestedModel()).isEqualTo("dall-e-3");
        assertThat(job.images()).isEqualTo(2);
        assertThat(job.providerPrompt()).isEqualTo(job.prompt() + "\n\nStyle: hyper-real and dramatic.");
        assertThat(JobEvent.started(job).seq()).isLessThan(JobEvent.progress(job, "rendering", 40).seq());
        assertThat(JobEvent.progress(job, "rendering", 40).seq()).isLessThan(generated.seq());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    private static List<String> documentedExamples() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        Matcher m = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
        List<String> examples = new ArrayList<>();
        while (m.find()) {
            examples.add(m.group(1));
        }
        return examples;
    }
}
