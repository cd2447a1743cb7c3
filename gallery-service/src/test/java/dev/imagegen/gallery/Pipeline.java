package dev.imagegen.gallery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
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
        return redis.key().exists(keys.claimCheck(jobId));
    }

    /** A PNG with a gradient and a transparent corner, like the images providers return. */
    public static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setComposite(AlphaComposite.Clear);
        g.fillRect(0, 0, width / 4, height / 4);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
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
