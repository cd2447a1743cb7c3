package dev.imagegen.worker.provider;

import dev.imagegen.common.models.TokenUsage;

import java.math.BigDecimal;
import java.util.List;

/**
 * What one provider call returned for a job: its {@code n} images and what they cost.
 *
 * @param images        the encoded images, in the provider's order
 * @param contentType   their media type ({@code image/png}, {@code image/jpeg}, {@code image/webp})
 * @param revisedPrompt the prompt as the provider rewrote it (or the original)
 * @param model         the model that rendered them
 * @param size          the size the provider says it rendered (what {@code auto} became)
 * @param quality       the quality it says it rendered, or null where the model has none
 * @param cost          what the call cost, in USD
 * @param usage         the tokens the call was billed by, or null where the provider reports none
 */
public record GeneratedImage(List<byte[]> images, String contentType, String revisedPrompt, String model,
        String size, String quality, BigDecimal cost, TokenUsage usage) {

    public GeneratedImage {
        images = List.copyOf(images);
    }

    /** Bytes of all images together, for logs. */
    public long totalBytes() {
        return images.stream().mapToLong(bytes -> bytes.length).sum();
    }
}
