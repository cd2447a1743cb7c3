package dev.imagegen.common.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;
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
        Boolean retryable) {

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
                null, null, null);
    }

    public static JobEvent started(JobMessage job) {
        return new JobEvent(VERSION, EventType.STARTED, job.jobId(), job.userId(), job.threadId(), SEQ_STARTED,
                Instant.now(), "started", 5, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** A progress step; {@code percent} (1–89) doubles as the seq so steps stay ordered. */
    public static JobEvent progress(JobMessage job, String stage, int percent) {
        if (percent <= SEQ_STARTED || percent >= SEQ_GENERATED) {
            throw new IllegalArgumentException("progress must be between 2 and 89: " + percent);
        }
        return new JobEvent(VERSION, EventType.PROGRESS, job.jobId(), job.userId(), job.threadId(), percent,
                Instant.now(), stage, percent, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    public static JobEvent generated(JobMessage job, String revisedPrompt, String model, BigDecimal cost,
            String claimKey, String contentType) {
        return new JobEvent(VERSION, EventType.GENERATED, job.jobId(), job.userId(), job.threadId(), SEQ_GENERATED,
                Instant.now(), "storing", SEQ_GENERATED, job.prompt(), revisedPrompt, model, job.size(),
                job.quality(), job.style(), cost, claimKey, contentType, null, null, null, null, null, null);
    }

    public static JobEvent stored(JobEvent generated, UUID imageId, String imageUrl, String thumbnailUrl) {
        return new JobEvent(VERSION, EventType.STORED, generated.jobId(), generated.userId(), generated.threadId(),
                SEQ_STORED, Instant.now(), "completed", 100, null, generated.revisedPrompt(), generated.model(),
                generated.size(), null, null, generated.cost(), null, null, imageId, imageUrl, thumbnailUrl, null,
                null, null);
    }

    public static JobEvent failed(UUID jobId, UUID userId, UUID threadId, String code, String message,
            boolean retryable) {
        return new JobEvent(VERSION, EventType.FAILED, jobId, userId, threadId, SEQ_FAILED, Instant.now(), "failed",
                null, null, null, null, null, null, null, null, null, null, null, null, null, code, message,
                retryable);
    }
}
