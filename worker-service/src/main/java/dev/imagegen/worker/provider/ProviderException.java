package dev.imagegen.worker.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider error with a code for the job's {@code failed} event. Not retryable means trying again
 * cannot help (a bad size, a content-policy refusal), so the job fails at once.
 */
public class ProviderException extends RuntimeException {

    private final String code;
    private final boolean retryable;
    private final Duration retryAfter;

    public ProviderException(String code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }

    /** With the wait the provider asked for before the next call (Retry-After), or null. */
    public ProviderException(String code, String message, boolean retryable, Duration retryAfter) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static ProviderException invalidRequest(String message) {
        return new ProviderException("invalid_request", message, false);
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
}
