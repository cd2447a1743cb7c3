package dev.imagegen.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.models.TokenUsage;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One state change of a job, as written to {@code imagegen:events}. Fields beyond the common ones are
 * set only by the event types that carry them; see docs/events.md for an example of each.
 *
 * <p>{@code seq} grows with every event of one job, so a consumer drops an event whose seq it has
 * already applied (streams deliver at least once).
 */
// Read and written with ObjectMapper by class, which a native image only allows when registered.
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(
        int v,
        EventType type,
        UUID jobId,
        UUID userId,
        UUID threadId,
        int seq,
        Instant at,
        // started / progress
        String stage,
        Integer progress,
        // generated
        String originalPrompt,
        String revisedPrompt,
        String model,
        String size,
        String quality,
        String style,
        BigDecimal cost,
        String claimKey,
        String contentType,
        // stored
        UUID imageId,
        String imageUrl,
        String thumbnailUrl,
        // failed
        String code,
        String message,
        Boolean retryable,
        // generated: every image's claim key (claim_key is the first); the provider's token usage
        List<String> claimKeys,
        TokenUsage usage,
        String background,
        // generated and stored: the shut-down model the user asked for, when model is its replacement
        String requestedModel,
        // stored: every image of the job, in order (image_id and its urls are the first)
        List<StoredImage> images) {

    /** One stored image of a job. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StoredImage(UUID imageId, String imageUrl, String thumbnailUrl) {
    }

    public static final int VERSION = 1;

    /** Sequence numbers fixed by the pipeline, so every producer agrees without coordination. */
    public static final int SEQ_QUEUED = 0;
    public static final int SEQ_STARTED = 1;
    public static final int SEQ_GENERATED = 90;
    public static final int SEQ_STORED = 100;
    public static final int SEQ_FAILED = 1000;

    public static JobEvent queued(JobMessage job) {
        return new JobEvent(VERSION, EventType.QUEUED, job.jobId(), job.userId(), job.threadId(), SEQ_QUEUED,
                Instant.now(), "queued", 0, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    public static JobEvent started(JobMessage job) {
        return new JobEvent(VERSION, EventType.STARTED, job.jobId(), job.userId(), job.threadId(), SEQ_STARTED,
                Instant.now(), "started", 5, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** A progress step; {@code percent} (1–89) doubles as the seq so steps stay ordered. */
    public static JobEvent progress(JobMessage job, String stage, int percent) {
        if (percent <= SEQ_STARTED || percent >= SEQ_GENERATED) {
            throw new IllegalArgumentException("progress must be between 2 and 89: " + percent);
        }
        return new JobEvent(VERSION, EventType.PROGRESS, job.jobId(), job.userId(), job.threadId(), percent,
                Instant.now(), stage, percent, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** One image, billed per image: the seed's shape. */
    public static JobEvent generated(JobMessage job, String revisedPrompt, String model, BigDecimal cost,
            String claimKey, String contentType) {
        return generated(job, revisedPrompt, model, job.size(), job.quality(), cost, List.of(claimKey), contentType,
                null);
    }

    /**
     * The provider made the job's images, parked behind {@code claimKeys} in order; {@code size} and
     * {@code quality} are what the provider says it rendered (what {@code auto} became).
     */
    public static JobEvent generated(JobMessage job, String revisedPrompt, String model, String size,
            String quality, BigDecimal cost, List<String> claimKeys, String contentType, TokenUsage usage) {
        return new JobEvent(VERSION, EventType.GENERATED, job.jobId(), job.userId(), job.threadId(), SEQ_GENERATED,
                Instant.now(), "storing", SEQ_GENERATED, job.prompt(), revisedPrompt, model, size, quality,
                job.style(), cost, claimKeys.get(0), contentType, null, null, null, null, null, null,
                claimKeys.size() > 1 ? List.copyOf(claimKeys) : null, usage, job.background(), job.requestedModel(),
                null);
    }

    /** Every image of a generated job is stored, in the order of its claim keys. */
    public static JobEvent stored(JobEvent generated, List<StoredImage> images) {
        StoredImage first = images.get(0);
        return new JobEvent(VERSION, EventType.STORED, generated.jobId(), generated.userId(), generated.threadId(),
                SEQ_STORED, Instant.now(), "completed", 100, null, generated.revisedPrompt(), generated.model(),
                generated.size(), generated.quality(), null, generated.cost(), null, null, first.imageId(),
                first.imageUrl(), first.thumbnailUrl(), null, null, null, null, null, null,
                generated.requestedModel(), images.size() > 1 ? List.copyOf(images) : null);
    }

    public static JobEvent stored(JobEvent generated, UUID imageId, String imageUrl, String thumbnailUrl) {
        return stored(generated, List.of(new StoredImage(imageId, imageUrl, thumbnailUrl)));
    }

    /** The claim keys of every image, in order. */
    public List<String> allClaimKeys() {
        return claimKeys != null ? claimKeys : claimKey == null ? List.of() : List.of(claimKey);
    }

    /** Every stored image, in order. */
    public List<StoredImage> allImages() {
        return images != null ? images
                : imageId == null ? List.of() : List.of(new StoredImage(imageId, imageUrl, thumbnailUrl));
    }

    public static JobEvent failed(UUID jobId, UUID userId, UUID threadId, String code, String message,
            boolean retryable) {
        return new JobEvent(VERSION, EventType.FAILED, jobId, userId, threadId, SEQ_FAILED, Instant.now(), "failed",
                null, null, null, null, null, null, null, null, null, null, null, null, null, code, message,
                retryable, null, null, null, null, null);
    }
}
