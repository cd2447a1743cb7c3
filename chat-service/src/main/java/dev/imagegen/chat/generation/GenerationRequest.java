package dev.imagegen.chat.generation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.chat.command.ImageOptions;

import java.util.UUID;

/** The public {@code POST /images/generate} body; options left null take the model's defaults. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerationRequest(String prompt, String size, String quality, String style, String model,
        UUID threadId, Integer n, String background, String outputFormat, Integer outputCompression,
        String moderation) {

    /** An {@code /image} command's job for a thread. */
    public static GenerationRequest of(String prompt, ImageOptions options, UUID threadId) {
        return new GenerationRequest(prompt, options.size(), options.quality(), options.style(), options.model(),
                threadId, options.n(), options.background(), options.outputFormat(), options.outputCompression(),
                options.moderation());
    }
}
