package dev.imagegen.generation.quota;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code GET /usage/me}: the caller's standing, and this month day by day (UTC), with the tokens the
 * provider billed beside the dollars (0 for per-image models).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UsageReport(int imagesToday, int dailyLimit, BigDecimal monthSpend, BigDecimal monthlyLimit,
        BigDecimal reserved, long inputTokens, long outputTokens, List<Day> byDay) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Day(String date, int images, BigDecimal cost, long inputTokens, long outputTokens) {
    }

    static UsageReport of(Usage usage, List<Day> days) {
        return new UsageReport(usage.imagesToday(), usage.dailyLimit(), usage.monthSpend(), usage.monthlyLimit(),
                usage.reserved(), days.stream().mapToLong(Day::inputTokens).sum(),
                days.stream().mapToLong(Day::outputTokens).sum(), days);
    }
}
