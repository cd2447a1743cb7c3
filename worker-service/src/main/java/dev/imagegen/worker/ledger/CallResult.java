package dev.imagegen.worker.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.worker.provider.GeneratedImage;

import java.math.BigDecimal;

/**
 * What a successful call made, without the bytes: what the ledger records and the {@code generated} event says.
 * It is also parked beside the images, so a call whose worker died before recording it is recorded without a
 * second call.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallResult(String model, String revisedPrompt, BigDecimal cost, int images, String contentType,
        String size, String quality, TokenUsage usage) {

    public static CallResult of(GeneratedImage image) {
        return new CallResult(image.model(), image.revisedPrompt(), image.cost(), image.images().size(),
                image.contentType(), image.size(), image.quality(), image.usage());
    }
}
