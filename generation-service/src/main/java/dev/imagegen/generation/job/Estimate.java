package dev.imagegen.generation.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;

/** What an image would cost, and what the caller has left, before they ask for it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Estimate(BigDecimal cost, int remainingImagesToday, BigDecimal remainingBudgetMonth) {
}
