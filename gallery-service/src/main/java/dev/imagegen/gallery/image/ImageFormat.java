package dev.imagegen.gallery.image;

import dev.imagegen.common.problem.ProblemException;

import java.util.Locale;

/** A format {@code /content?format=} may ask for. */
public enum ImageFormat {
    PNG("image/png", "png"), JPEG("image/jpeg", "jpg"), WEBP("image/webp", "webp");

    private final String contentType;
    private final String extension;

    ImageFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    String extension() {
        return extension;
    }

    /** {@code null} for no parameter (the original bytes); 400 for a name the gallery does not know. */
    static ImageFormat parse(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "png" -> PNG;
            case "jpeg", "jpg" -> JPEG;
            case "webp" -> WEBP;
            default -> throw ProblemException.invalid("format", "must be one of jpeg, webp, png");
        };
    }
}
