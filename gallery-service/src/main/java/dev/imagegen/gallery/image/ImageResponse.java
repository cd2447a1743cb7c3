package dev.imagegen.gallery.image;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An image's metadata as the API shows it; the bytes are behind {@code image_url} and {@code thumbnail_url}.
 * {@code shared}: the image has a live share link. {@code image_index}: its place among the images of its job
 * ({@code task_id}), from 0. {@code requested_model}: the shut-down model the user asked for when {@code model}
 * is its replacement, else null. {@code generation_cost}: this image's share of its job's cost.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImageResponse(UUID id, String originalPrompt, String revisedPrompt, String model,
        String requestedModel, String size, String quality, String style, String background,
        BigDecimal generationCost, int width, int height, int byteSize, String contentType, UUID taskId,
        int imageIndex, UUID threadId, Instant createdAt, boolean favorite, List<String> tags, boolean shared,
        String imageUrl, String thumbnailUrl) {

    public static ImageResponse of(ImageSummary image) {
        return new ImageResponse(image.id(), image.originalPrompt(), image.revisedPrompt(), image.model(),
                image.requestedModel(), image.size(), image.quality(), image.style(), image.background(),
                image.cost(), image.width(), image.height(), image.byteSize(), image.contentType(), image.jobId(),
                image.imageIndex(), image.threadId(), image.createdAt(), image.favorite(), image.tags(),
                image.shared(), ImageLinks.content(image.id()), ImageLinks.thumbnail(image.id()));
    }
}
