package dev.imagegen.chat.generation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.UUID;

/** The public {@code POST /images/generate} body; options left null take the model's defaults. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerationRequest(String prompt, String size, String quality, String style, String model,
        UUID threadId) {
}
