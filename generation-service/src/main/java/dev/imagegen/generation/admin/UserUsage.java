package dev.imagegen.generation.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One user's month: images charged, their cost, jobs that failed, prompts the content filter or moderation refused,
 * submits refused for a daily or monthly limit, and the tokens the provider billed (input counts cached ones).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserUsage(UUID userId, int images, BigDecimal spend, int failures, int contentRefusals,
        int quotaRefusals, long inputTokens, long outputTokens) {
}
