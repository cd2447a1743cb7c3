package dev.imagegen.gallery.intake;

import dev.imagegen.common.images.ImageEncoding;
import dev.imagegen.gallery.GalleryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import net.coobird.thumbnailator.Thumbnails;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an image, names its format from the bytes and renders its thumbnail. Blocking and CPU-heavy: call it
 * off the event loop.
 */
@ApplicationScoped
class ImageProcessor {

    private final GalleryConfig config;

    ImageProcessor(GalleryConfig config) {
        this.config = config;
    }

    ProcessedImage process(byte[] bytes) {
        // In memory: ImageIO's default stream would spill the bytes to a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new RejectedImageException("invalid_image",
                        "The generated file is not in an image format the gallery can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > config.maxImagePixels()) {
                    throw new RejectedImageException("image_too_large", "The image is " + width + "x" + height
                            + " pixels; the gallery stores at most " + config.maxImagePixels() + " pixels");
                }
                return thumbnailed(contentType(reader), width, height, reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (RejectedImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Corrupt input makes the JDK's decoders throw anything from IOException to IndexOutOfBounds.
            throw new RejectedImageException("invalid_image", "The generated image could not be decoded");
        }
    }

    /**
     * A thumbnail with any transparent pixel is a PNG that keeps its alpha, so the page shows the image on its
     * own background as it will be used (a checkerboard baked into a JPEG would read as part of the picture
     * and could not follow the page's colours); an opaque one is a JPEG, several times smaller.
     */
    private ProcessedImage thumbnailed(String contentType, int width, int height, BufferedImage image)
            throws IOException {
        int side = config.thumbnailSize();
        BufferedImage scaled = Math.max(width, height) > side
                ? Thumbnails.of(image).size(side, side).keepAspectRatio(true).imageType(BufferedImage.TYPE_INT_ARGB)
                        .asBufferedImage()
                : image;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (hasTransparency(scaled)) {
            ImageIO.write(scaled, "png", out);
            return new ProcessedImage(contentType, width, height, out.toByteArray(), "image/png");
        }
        Thumbnails.of(ImageEncoding.opaque(scaled))
                .scale(1.0)
                .outputFormat("jpg")
                .outputQuality(config.compressionQuality() / 100.0)
                .toOutputStream(out);
        return new ProcessedImage(contentType, width, height, out.toByteArray(), "image/jpeg");
    }

    /** Whether any pixel is not fully opaque: an alpha channel alone says nothing (providers send opaque RGBA). */
    private static boolean hasTransparency(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int pixel : argb) {
            if (pixel >>> 24 != 0xff) {
                return true;
            }
        }
        return false;
    }

    private static String contentType(ImageReader reader) {
        ImageReaderSpi format = reader.getOriginatingProvider();
        String[] types = format.getMIMETypes();
        return types != null && types.length > 0 ? types[0].toLowerCase(Locale.ROOT)
                : "image/" + format.getFormatNames()[0].toLowerCase(Locale.ROOT);
    }
}
