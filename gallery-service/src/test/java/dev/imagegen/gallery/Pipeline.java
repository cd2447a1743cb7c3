package dev.imagegen.gallery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

import static org.awaitility.Awaitility.await;

/** Drives the gallery as the worker does: parks bytes under a claim key and announces them on the events stream. */
@ApplicationScoped
public class Pipeline {

    private final RedisDataSource redis;
    private final EventPublisher publisher;
    private final StreamKeys keys;
    private final ObjectMapper json;

    Pipeline(RedisDataSource redis, EventPublisher publisher, StreamKeys keys, ObjectMapper json) {
        this.redis = redis;
        this.publisher = publisher;
        this.keys = keys;
        this.json = json;
    }

    public JobMessage job(UUID userId, String prompt) {
        return new JobMessage(JobMessage.VERSION, UUID.randomUUID(), userId, prompt, "dall-e-3", "1024x1024",
                "standard", "vivid", null, Instant.now(), 1);
    }

    /** Parks {@code bytes} as the job's image and publishes its {@code generated} event. */
    public JobEvent generate(JobMessage job, byte[] bytes) {
        return generate(job, bytes, job.model());
    }

    /** The same, as if the worker had made the image with {@code model} (it reports the model it used). */
    public JobEvent generate(JobMessage job, byte[] bytes, String model) {
        redis.value(byte[].class).setex(keys.claimCheck(job.jobId()), 3600, bytes);
        return publishGenerated(job, model);
    }

    /**
     * A job of several images, as today's models make it: {@code n}, a transparent background, and the shut-down
     * model the user asked for, run on {@code model}, its replacement.
     */
    public JobMessage jobOfSeveral(UUID userId, String prompt, int n, String model, String requestedModel) {
        return new JobMessage(JobMessage.VERSION, UUID.randomUUID(), userId, prompt, model, "1024x1024", "high",
                null, null, Instant.now(), 1, n, "transparent", "webp", null, "auto", requestedModel, null);
    }

    /**
     * Parks each of {@code images} under its own claim key, in order, and publishes the job's one
     * {@code generated} event naming them all, with the size and quality the provider says it rendered.
     */
    public JobEvent generate(JobMessage job, List<byte[]> images, String size, String quality, BigDecimal cost) {
        JobEvent generated = park(job, images, size, quality, cost);
        publish(generated);
        return generated;
    }

    /** Parks the images as {@link #generate(JobMessage, List, String, String, BigDecimal)} does, announcing nothing. */
    public JobEvent park(JobMessage job, List<byte[]> images, String size, String quality, BigDecimal cost) {
        List<String> claimKeys = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String key = keys.claimCheck(job.jobId(), i);
            redis.value(byte[].class).setex(key, 3600, images.get(i));
            claimKeys.add(key);
        }
        return JobEvent.generated(job, job.prompt() + " (revised)", job.model(), size, quality, cost, claimKeys,
                "image/" + job.outputFormat(), new TokenUsage(20, 0, 0, 0, 1056L * images.size(), 0));
    }

    /** Lets image {@code index} of the job expire, as Redis does after an hour. */
    public void expireClaim(UUID jobId, int index) {
        redis.key().del(keys.claimCheck(jobId, index));
    }

    /** Publishes {@code generated} for a claim that was never parked (or has expired). */
    public JobEvent generateWithoutClaim(JobMessage job) {
        return publishGenerated(job, job.model());
    }

    private JobEvent publishGenerated(JobMessage job, String model) {
        JobEvent generated = JobEvent.generated(job, job.prompt() + " (revised)", model,
                new BigDecimal("0.0400"), keys.claimCheck(job.jobId()), "image/png");
        publish(generated);
        return generated;
    }

    public void publish(JobEvent event) {
        publisher.publish(event).await().atMost(Duration.ofSeconds(5));
    }

    /** Waits until the job has {@code count} events of {@code type}, and returns the last one. */
    public JobEvent awaitEvent(UUID jobId, EventType type, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> events(jobId, type), found -> found.size() >= count)
                .get(count - 1);
    }

    public JobEvent awaitEvent(UUID jobId, EventType type) {
        return awaitEvent(jobId, type, 1);
    }

    public List<JobEvent> events(UUID jobId, EventType type) {
        return redis.stream(String.class, String.class, String.class)
                .xrange(keys.events(), StreamRange.of("-", "+")).stream()
                .map(entry -> read(entry.payload().get(EventPublisher.PAYLOAD)))
                .filter(event -> event.jobId().equals(jobId) && event.type() == type)
                .toList();
    }

    /** Runs a job through to {@code stored} and returns that event. */
    public JobEvent store(JobMessage job, byte[] png) {
        return store(job, png, job.model());
    }

    public JobEvent store(JobMessage job, byte[] png, String model) {
        generate(job, png, model);
        return awaitEvent(job.jobId(), EventType.STORED);
    }

    public boolean claimExists(UUID jobId) {
        return claimExists(jobId, 0);
    }

    public boolean claimExists(UUID jobId, int index) {
        return redis.key().exists(keys.claimCheck(jobId, index));
    }

    /** A PNG with a gradient and a transparent top-left corner, like the images providers return. */
    public static byte[] png(int width, int height) {
        return encode(picture(width, height, true), "png");
    }

    /** A WebP (lossy, as providers send it) with a transparent top-left corner. */
    public static byte[] webp(int width, int height) {
        return encode(picture(width, height, true), "webp");
    }

    /** An opaque JPEG. */
    public static byte[] jpeg(int width, int height) {
        return encode(picture(width, height, false), "jpeg");
    }

    private static BufferedImage picture(int width, int height, boolean transparentCorner) {
        BufferedImage image = new BufferedImage(width, height,
                transparentCorner ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        if (transparentCorner) {
            g.setComposite(AlphaComposite.Clear);
            g.fillRect(0, 0, width / 4, height / 4);
        }
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // The WebP writer is the webp-imageio plugin's, which the gallery depends on.
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private JobEvent read(String payload) {
        try {
            return json.readValue(payload, JobEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
