package dev.imagegen.generation.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.UUID;

/**
 * Body of {@code POST /images/generate}; absent options take the model's defaults. A field not named here is
 * refused (422 {@code unknown_field}), never dropped.
 *
 * @param n                 how many images the one job makes
 * @param outputCompression 0–100, for jpeg and webp output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GenerateRequest(String prompt, String size, String quality, String style, String model, UUID threadId,
        Integer n, String background, String outputFormat, Integer outputCompression, String moderation) {

    /** The same request for another model. */
    GenerateRequest withModel(String other) {
        return new GenerateRequest(prompt, size, quality, style, other, threadId, n, background, outputFormat,
                outputCompression, moderation);
    }
}
