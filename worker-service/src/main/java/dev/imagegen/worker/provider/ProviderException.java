package dev.imagegen.worker.provider;

import dev.imagegen.common.models.TokenUsage;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * A provider error with a code for the job's {@code failed} event. Not retryable means trying again
 * cannot help (a bad size, a content-policy refusal), so the job fails at once. An error after the provider
 * answered (an image refused at download) carries what the provider billed for that answer.
 */
public class ProviderException extends RuntimeException {

    private final String code;
    private final boolean retryable;
    private final Duration retryAfter;
    private final BigDecimal billedCost;
    private final TokenUsage billedUsage;

    public ProviderException(String code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }

    /** With the wait the provider asked for before the next call (Retry-After), or null. */
    public ProviderException(String code, String message, boolean retryable, Duration retryAfter) {
        this(code, message, retryable, retryAfter, null, null);
    }

    private ProviderException(String code, String message, boolean retryable, Duration retryAfter,
            BigDecimal billedCost, TokenUsage billedUsage) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.billedCost = billedCost;
        this.billedUsage = billedUsage;
    }

    public static ProviderException invalidRequest(String message) {
        return new ProviderException("invalid_request", message, false);
    }

    /** The same error, for an answer the provider billed {@code cost} (by {@code usage}, where it reports any). */
    public ProviderException billed(BigDecimal cost, TokenUsage usage) {
        return new ProviderException(code, getMessage(), retryable, retryAfter, cost, usage);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** What the provider billed for the answer this error is about, or null where it billed nothing known. */
    public BigDecimal billedCost() {
        return billedCost;
    }

    /** The tokens of {@link #billedCost()}, or null. */
    public TokenUsage billedUsage() {
        return billedUsage;
    }
}
