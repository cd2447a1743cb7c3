package dev.imagegen.worker.provider;

import dev.imagegen.common.events.JobMessage;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import javax.imageio.ImageIO;

/** Images as OpenAI returns them, jobs as generation-service queues them, and what tests check of their bytes. */
public final class TestImages {

    private TestImages() {
    }

    /** An opaque PNG, what DALL-E answered. */
    public static byte[] png() {
        return write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");
    }

    /** A WebP with a transparent background: a coloured disc, clear corners; {@code shade} tells images apart. */
    public static byte[] transparentWebp(int shade) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(shade, 120, 200));
            g.fillOval(8, 8, 48, 48);
        } finally {
            g.dispose();
        }
        return write(image, "webp");
    }

    public static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isWebp(byte[] bytes) {
        return bytes.length > 12 && new String(bytes, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                && new String(bytes, 8, 4, StandardCharsets.US_ASCII).equals("WEBP");
    }

    /** Whether the image has an alpha channel, fully clear in its top-left corner and opaque in its middle. */
    public static boolean hasTransparentCorners(BufferedImage image) {
        int corner = image.getRGB(0, 0) >>> 24;
        int middle = image.getRGB(image.getWidth() / 2, image.getHeight() / 2) >>> 24;
        return image.getColorModel().hasAlpha() && corner == 0 && middle == 255;
    }

    /** A job with every option today's models take; null options are left to the model's defaults. */
    public static JobMessage job(String prompt, String model, String size, String quality, int n,
            String background, String outputFormat, Integer outputCompression) {
        return new JobMessage(JobMessage.VERSION, UUID.randomUUID(), UUID.randomUUID(), prompt, model, size, quality,
                null, null, Instant.now(), 1, n, background, outputFormat, outputCompression, null, null, null);
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
