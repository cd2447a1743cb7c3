package dev.imagegen.gallery.image;

import dev.imagegen.common.images.ImageEncoding;
import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.gallery.GalleryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Re-encodes a stored image on request, at {@code IMAGE_COMPRESSION_QUALITY} where the format is lossy.
 * Blocking and CPU-heavy: call it off the event loop.
 */
@ApplicationScoped
public class ImageConverter {

    private final float quality;

    ImageConverter(GalleryConfig config) {
        this.quality = config.compressionQuality() / 100f;
    }

    ImageFile convert(ImageFile file, ImageFormat format) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(file.bytes()));
            // WebP comes from the webp-imageio plugin; a platform without its native library answers 406.
            byte[] bytes = ImageEncoding.encode(image, format.contentType(), quality)
                    .orElseThrow(() -> new ProblemException(406, "format_unavailable",
                            "The gallery cannot encode " + format.contentType() + "; ask for jpeg or png"));
            return new ImageFile(bytes, format.contentType(), file.originalPrompt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
