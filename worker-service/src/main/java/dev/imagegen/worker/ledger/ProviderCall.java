package dev.imagegen.worker.ledger;

import dev.imagegen.common.models.TokenUsage;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One call to an image provider, whatever its outcome: the worker's record of money and tokens spent. Written as
 * {@link #STARTED} before the call and completed after it, so a call whose worker died is still on record.
 */
@Entity
@Table(name = "provider_calls")
public class ProviderCall extends PanacheEntityBase {

    public static final String STARTED = "started";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @Id
    public UUID id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    /** Null once the user was erased: the call's cost stays on record, but no longer says whose it was. */
    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public String model;

    /** {@link #STARTED} (made, or being made, with no outcome recorded), {@link #SUCCEEDED} or {@link #FAILED}. */
    @Column(nullable = false)
    public String outcome;

    @Column(name = "error_code")
    public String errorCode;

    /** For a failed call: whether the job goes on (true) or failed for good (false); null before this was kept. */
    public Boolean retryable;

    /** For a failed call: the reason the job's {@code failed} event gave, so it can be given again. */
    @Column(name = "error_message")
    public String errorMessage;

    /** When the job's final event ({@code generated}, or {@code failed} for good) was published; null before. */
    @Column(name = "announced_at")
    public Instant announcedAt;

    /** Kept so a redelivered job can announce its result again without a second call. */
    @Column(name = "revised_prompt")
    public String revisedPrompt;

    @Column(nullable = false, precision = 14, scale = 6)
    public BigDecimal cost;

    /** How many images the call made; their claim keys follow from it. */
    @Column(nullable = false)
    public int images = 1;

    /** Null for calls recorded before the ledger kept it (they made one PNG), and for failed calls. */
    @Column(name = "content_type")
    public String contentType;

    /** What the provider says it rendered. */
    public String size;

    public String quality;

    /** The tokens the call was billed by; null where the provider reported none. */
    @Column(name = "input_text_tokens")
    public Long inputTextTokens;

    @Column(name = "input_image_tokens")
    public Long inputImageTokens;

    @Column(name = "cached_text_tokens")
    public Long cachedTextTokens;

    @Column(name = "cached_image_tokens")
    public Long cachedImageTokens;

    @Column(name = "output_image_tokens")
    public Long outputImageTokens;

    @Column(name = "output_text_tokens")
    public Long outputTextTokens;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean succeeded() {
        return SUCCEEDED.equals(outcome);
    }

    /** The job ended with this call: it made the images, or failed in a way no retry can mend. */
    public boolean ended() {
        return succeeded() || FAILED.equals(outcome) && Boolean.FALSE.equals(retryable);
    }

    /** The recorded usage, or null where the provider reported none. */
    public TokenUsage usage() {
        if (outputImageTokens == null) {
            return null;
        }
        return new TokenUsage(orZero(inputTextTokens), orZero(inputImageTokens), orZero(cachedTextTokens),
                orZero(cachedImageTokens), outputImageTokens, orZero(outputTextTokens));
    }

    /** Keeps the usage's counts, or none. */
    public void usage(TokenUsage usage) {
        inputTextTokens = usage == null ? null : usage.inputTextTokens();
        inputImageTokens = usage == null ? null : usage.inputImageTokens();
        cachedTextTokens = usage == null ? null : usage.cachedTextTokens();
        cachedImageTokens = usage == null ? null : usage.cachedImageTokens();
        outputImageTokens = usage == null ? null : usage.outputImageTokens();
        outputTextTokens = usage == null ? null : usage.outputTextTokens();
    }

    private static long orZero(Long tokens) {
        return tokens == null ? 0 : tokens;
    }
}
