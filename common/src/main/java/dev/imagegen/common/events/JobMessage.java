package dev.imagegen.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * One accepted job, as written to {@code imagegen:jobs} by generation-service and read by the workers.
 *
 * @param v           schema version of this payload
 * @param jobId       the job (task) id; the idempotency key everywhere
 * @param userId      owner of the job
 * @param prompt      the user's prompt, as submitted
 * @param model       model profile name, e.g. {@code dall-e-3}
 * @param size        e.g. {@code 1024x1024}
 * @param quality     e.g. {@code standard}
 * @param style       e.g. {@code vivid}; null where the model takes no style
 * @param threadId    chat thread the job was asked from, or null
 * @param requestedAt when generation-service accepted the job
 * @param attempt     attempt number the job row expects; writes for an older attempt are refused
 * @param n           how many images the one provider call makes (1 when absent)
 * @param background  {@code transparent}, {@code opaque} or {@code auto}; null where the model takes none
 * @param outputFormat      {@code png}, {@code jpeg} or {@code webp}; null where the model takes none
 * @param outputCompression 0–100 for jpeg and webp; null for the provider's default
 * @param moderation  e.g. {@code auto} or {@code low}; null where the model takes none
 * @param requestedModel    the shut-down model the user asked for, when {@code model} is its replacement
 * @param styleHint   words added to the prompt sent to the provider, standing in for a style the model lacks
 */
// Read and written with ObjectMapper by class, which a native image only allows when registered.
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobMessage(int v, UUID jobId, UUID userId, String prompt, String model, String size, String quality,
        String style, UUID threadId, Instant requestedAt, int attempt, Integer n, String background,
        String outputFormat, Integer outputCompression, String moderation, String requestedModel, String styleHint) {

    public static final int VERSION = 1;

    /** A one-image job with the model's default options, as the seed's contract asks for it. */
    public JobMessage(int v, UUID jobId, UUID userId, String prompt, String model, String size, String quality,
            String style, UUID threadId, Instant requestedAt, int attempt) {
        this(v, jobId, userId, prompt, model, size, quality, style, threadId, requestedAt, attempt, null, null, null,
                null, null, null, null);
    }

    /** How many images the job makes. */
    public int images() {
        return n == null || n < 1 ? 1 : n;
    }

    /** The prompt as the provider gets it: the user's, and the words standing in for a style. */
    public String providerPrompt() {
        return styleHint == null || styleHint.isBlank() ? prompt : prompt + "\n\n" + styleHint;
    }
}
