package dev.imagegen.generation.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.UUID;

/** Body of {@code POST /images/generate}; absent options take the model's defaults. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GenerateRequest(String prompt, String size, String quality, String style, String model, UUID threadId) {
}
