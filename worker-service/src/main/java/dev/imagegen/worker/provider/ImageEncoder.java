package dev.imagegen.worker.provider;

import io.quarkus.logging.Log;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
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
 * Encodes a rendered image as PNG, JPEG or WebP (WebP through the webp-imageio plugin, as gallery-service does).
 * Blocking CPU work: call it off the event loop.
 */
final class ImageEncoder {

    /** Encoded bytes and their media type. */
    record Encoded(byte[] bytes, String contentType) {
    }

    private ImageEncoder() {
    }

    /**
     * @param contentType {@code image/png}, {@code image/jpeg} or {@code image/webp}
     * @param compression OpenAI's {@code output_compression} (0–100, 100 the default and the best kept), or null;
     *                    read as the lossy encoder's quality, for JPEG and WebP only
     */
    static Encoded encode(BufferedImage image, String contentType, Integer compression) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(contentType);
        if (!writers.hasNext()) {
            // webp-imageio bundles libwebp for x86_64 only; elsewhere the image still arrives, as PNG.
            Log.warnf("No encoder for %s on this platform; the offline image is a PNG instead", contentType);
            return encode(image, ImageTypes.PNG, null);
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight());
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed() && !ImageTypes.PNG.equals(contentType)) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                if (param.getCompressionType() == null && param.getCompressionTypes() != null) {
                    param.setCompressionType(param.getCompressionTypes()[0]); // WebP: "Lossy" first
                }
                param.setCompressionQuality((compression == null ? 100 : compression) / 100f);
            }
            BufferedImage pixels = ImageTypes.JPEG.equals(contentType) ? opaque(image) : image;
            writer.write(null, new IIOImage(pixels, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return new Encoded(bytes.toByteArray(), contentType);
    }

    /** JPEG has no alpha channel: transparent areas become white instead of black. */
    private static BufferedImage opaque(BufferedImage image) {
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
