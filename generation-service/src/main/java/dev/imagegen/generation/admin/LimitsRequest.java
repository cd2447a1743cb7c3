package dev.imagegen.generation.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import java.math.BigDecimal;

/** Body of {@code PUT /admin/users/{id}/limits}: a null limit falls back to the configured default. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LimitsRequest(@Min(0) Integer dailyImages, @DecimalMin("0") BigDecimal monthlyCost) {
}
