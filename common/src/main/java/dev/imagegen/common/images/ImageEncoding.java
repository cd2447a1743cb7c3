package dev.imagegen.common.images;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes an image as PNG, JPEG or WebP (WebP through the webp-imageio plugin where the service has it), for the
 * worker's offline renders and the gallery's conversions. Blocking CPU work: call it off the event loop.
 */
public final class ImageEncoding {

    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String WEBP = "image/webp";

    private ImageEncoding() {
    }

    /**
     * @param contentType {@code image/png}, {@code image/jpeg} or {@code image/webp}
     * @param quality     the lossy encoders' quality, 0 to 1; PNG ignores it
     * @return the encoded bytes, or empty when this platform has no encoder for the type (webp-imageio bundles
     *         libwebp for x86_64 only)
     */
    public static Optional<byte[]> encode(BufferedImage image, String contentType, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(contentType);
        if (!writers.hasNext()) {
            return Optional.empty();
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed() && !PNG.equals(contentType)) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                if (param.getCompressionType() == null && param.getCompressionTypes() != null) {
                    param.setCompressionType(param.getCompressionTypes()[0]); // WebP: "Lossy" first
                }
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(JPEG.equals(contentType) ? opaque(image) : image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return Optional.of(bytes.toByteArray());
    }

    /** JPEG has no alpha channel: transparent areas become white instead of black. */
    public static BufferedImage opaque(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
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
