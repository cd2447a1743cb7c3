package dev.imagegen.gallery.intake;

import dev.imagegen.gallery.GalleryConfig;
import dev.imagegen.gallery.image.ImageConverter;
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

/** Decodes an image and renders its JPEG thumbnail. Blocking and CPU-heavy: call it off the event loop. */
@ApplicationScoped
class ImageProcessor {

    static final String THUMBNAIL_TYPE = "image/jpeg";

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
                BufferedImage image = reader.read(0);
                return new ProcessedImage(contentType(reader), width, height, thumbnail(image), THUMBNAIL_TYPE);
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

    private byte[] thumbnail(BufferedImage image) throws IOException {
        int side = config.thumbnailSize();
        BufferedImage scaled = Math.max(image.getWidth(), image.getHeight()) > side
                ? Thumbnails.of(image).size(side, side).keepAspectRatio(true).asBufferedImage()
                : image;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thumbnails.of(ImageConverter.opaque(scaled))
                .scale(1.0)
                .outputFormat("jpg")
                .outputQuality(config.compressionQuality() / 100.0)
                .toOutputStream(out);
        return out.toByteArray();
    }

    private static String contentType(ImageReader reader) {
        ImageReaderSpi format = reader.getOriginatingProvider();
        String[] types = format.getMIMETypes();
        return types != null && types.length > 0 ? types[0].toLowerCase(Locale.ROOT)
                : "image/" + format.getFormatNames()[0].toLowerCase(Locale.ROOT);
    }
}
