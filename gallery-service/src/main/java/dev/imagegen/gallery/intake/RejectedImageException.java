package dev.imagegen.gallery.intake;

/** The claimed bytes are no image the gallery will store; retrying cannot help. */
class RejectedImageException extends RuntimeException {

    static final String CLAIM_EXPIRED = "claim_expired";

    private final String code;

    RejectedImageException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static RejectedImageException expired() {
        return new RejectedImageException(CLAIM_EXPIRED, "The generated image expired before it could be stored");
    }

    String code() {
        return code;
    }

    /** The same refusal naming which of the job's images it is about, when the job has several. */
    RejectedImageException of(int index, int count) {
        return count == 1 ? this
                : new RejectedImageException(code, getMessage() + " (image " + (index + 1) + " of " + count + ")");
    }
}
