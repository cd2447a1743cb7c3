package dev.imagegen.worker.provider;

import dev.imagegen.common.images.ImageEncoding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** The media type of image bytes, from the {@code output_format} a provider names or from the bytes themselves. */
final class ImageTypes {

    static final String PNG = ImageEncoding.PNG;
    static final String JPEG = ImageEncoding.JPEG;
    static final String WEBP = ImageEncoding.WEBP;
    static final String GIF = "image/gif";

    private ImageTypes() {
    }

    /** The type of {@code output_format}; null for a format this suite does not know. */
    static String ofFormat(String outputFormat) {
        if (outputFormat == null) {
            return null;
        }
        return switch (outputFormat.trim().toLowerCase(Locale.ROOT)) {
            case "png" -> PNG;
            case "jpeg", "jpg" -> JPEG;
            case "webp" -> WEBP;
            default -> null;
        };
    }

    /** The named format's type, else what the bytes' signature says, else PNG (DALL-E's only format). */
    static String of(String outputFormat, byte[] bytes) {
        String named = ofFormat(outputFormat);
        return named != null ? named : detect(bytes);
    }

    static String detect(byte[] bytes) {
        if (startsWith(bytes, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return JPEG;
        }
        if (startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
            return WEBP;
        }
        if (startsWith(bytes, 0, ascii("GIF8"))) {
            return GIF;
        }
        return PNG;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] signature) {
        return bytes != null && bytes.length >= offset + signature.length
                && Arrays.equals(bytes, offset, offset + signature.length, signature, 0, signature.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
