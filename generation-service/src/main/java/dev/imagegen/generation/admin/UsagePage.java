package dev.imagegen.generation.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.List;

/**
 * One page of a month's usage by user, shaped like the gallery's pages ({@code page} counts from 1, {@code total}
 * counts the users that match the search), with the whole month's sums beside it so every page shows them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UsagePage(String month, List<UserUsage> items, int page, int size, long total, MonthTotals totals) {

    /** Every user of the month together, whatever the search. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MonthTotals(long users, long images, BigDecimal spend, long inputTokens, long outputTokens) {
    }
}
