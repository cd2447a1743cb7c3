package dev.imagegen.generation.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One user's month: images charged, their cost, jobs that failed, prompts the content filter or moderation refused,
 * and submits refused for a daily or monthly limit.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserUsage(UUID userId, int images, BigDecimal spend, int failures, int contentRefusals,
        int quotaRefusals) {
}
