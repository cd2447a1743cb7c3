package dev.imagegen.generation.quota;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.List;

/** Body of {@code GET /usage/me}: the caller's standing, and this month day by day (UTC). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UsageReport(int imagesToday, int dailyLimit, BigDecimal monthSpend, BigDecimal monthlyLimit,
        BigDecimal reserved, List<Day> byDay) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Day(String date, int images, BigDecimal cost) {
    }
}
