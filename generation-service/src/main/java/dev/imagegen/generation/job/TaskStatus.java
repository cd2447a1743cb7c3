package dev.imagegen.generation.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The seed's task status body, with the finer {@code stage} beside {@code status}; {@code image_data} is the first
 * image (the seed's one), {@code images} every image of the job.
 *
 * @param requestedModel the shut-down model asked for, when the job ran on its replacement
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskStatus(UUID taskId, String status, String stage, int progress, TaskError error, ImageData imageData,
        List<Image> images, String requestedModel, int n, Instant createdAt, Instant updatedAt) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TaskError(String code, String message) {
    }

    /** {@code image_data} is the base64 image; null only while gallery-service cannot be reached. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImageData(UUID id, String originalPrompt, String revisedPrompt, String size, String quality,
            String style, String model, BigDecimal generationCost, String imageUrl, String thumbnailUrl,
            String imageData) {
    }

    /** One stored image of the job. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Image(UUID id, String imageUrl, String thumbnailUrl) {
    }

    static TaskStatus of(Job job, String base64Image) {
        TaskError error = job.errorCode == null ? null : new TaskError(job.errorCode, job.errorMessage);
        ImageData image = job.imageId == null ? null
                : new ImageData(job.imageId, job.prompt, job.revisedPrompt, job.size, job.quality, job.style,
                        job.generatedModel, job.cost, job.imageUrl, job.thumbnailUrl, base64Image);
        List<Image> images = job.images().stream()
                .map(stored -> new Image(stored.imageId(), stored.imageUrl(), stored.thumbnailUrl())).toList();
        return new TaskStatus(job.id, job.status.publicStatus(), job.stage, job.progress, error, image,
                images.isEmpty() ? null : images, job.requestedModel, job.n, job.createdAt, job.updatedAt);
    }
}
