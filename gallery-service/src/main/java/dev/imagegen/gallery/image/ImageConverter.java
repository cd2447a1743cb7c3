package dev.imagegen.gallery.image;

import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.gallery.GalleryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

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
        // WebP comes from the webp-imageio plugin; a platform without its native library answers 406.
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(format.contentType());
        if (!writers.hasNext()) {
            throw new ProblemException(406, "format_unavailable",
                    "The gallery cannot encode " + format.contentType() + "; ask for jpeg or png");
        }
        ImageWriter writer = writers.next();
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(file.bytes()));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (param.canWriteCompressed() && format != ImageFormat.PNG) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    if (param.getCompressionType() == null && param.getCompressionTypes() != null) {
                        param.setCompressionType(param.getCompressionTypes()[0]); // WebP: "Lossy" first
                    }
                    param.setCompressionQuality(quality);
                }
                writer.write(null, new IIOImage(format == ImageFormat.JPEG ? opaque(image) : image, null, null),
                        param);
            }
            return new ImageFile(bytes.toByteArray(), format.contentType(), file.originalPrompt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** JPEG has no alpha channel: paint transparent areas white instead of letting them turn black. */
    public static BufferedImage opaque(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
