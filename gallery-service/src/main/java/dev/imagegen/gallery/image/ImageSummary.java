package dev.imagegen.gallery.image;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An image's metadata without its bytes, as the repository's projections select it. */
public record ImageSummary(UUID id, UUID jobId, UUID threadId, String originalPrompt, String revisedPrompt,
        String model, String size, String quality, String style, BigDecimal cost, String contentType, int width,
        int height, int byteSize, Instant createdAt) {
}
