package dev.imagegen.worker.provider;

/**
 * A provider error with a code for the job's {@code failed} event. Not retryable means trying again
 * cannot help (a bad size, a content-policy refusal), so the job fails at once.
 */
public class ProviderException extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public ProviderException(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
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
}
