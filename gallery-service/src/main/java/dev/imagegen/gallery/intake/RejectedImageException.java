package dev.imagegen.gallery.intake;

/** The claimed bytes are no image the gallery will store; retrying cannot help. */
class RejectedImageException extends RuntimeException {

    private final String code;

    RejectedImageException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
