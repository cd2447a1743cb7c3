package dev.imagegen.generation.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;

/**
 * What a job would cost, and what the caller has left, before they ask for it.
 *
 * @param cost                  the whole job: {@code costPerImage} × {@code n}, what the reservation holds
 * @param model                 the model that would run (the replacement of a shut-down one)
 * @param requestedModel        the shut-down model asked for, when {@code model} replaces it
 * @param priceKind             {@code image} (a list price per image) or {@code token} (usage at token prices)
 * @param estimatedOutputTokens image output tokens expected per image, for per-token models
 * @param size                  the size the model would render, after translation to a replacement
 * @param quality               the quality the model would render, after translation to a replacement
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Estimate(BigDecimal cost, int remainingImagesToday, BigDecimal remainingBudgetMonth, String model,
        String requestedModel, int n, BigDecimal costPerImage, String priceKind, Long estimatedOutputTokens,
        String size, String quality) {
}
