package dev.imagegen.generation.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.problem.Problem.FieldError;
import dev.imagegen.common.problem.ProblemException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Body of {@code PUT /admin/users/{id}/limits}: a null limit falls back to the configured default. Numbers are
 * read whole, so a value the ledger's columns cannot hold is refused by name instead of failing the write.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LimitsRequest(BigDecimal dailyImages, BigDecimal monthlyCost) {

    /** What {@code quota_accounts.daily_images} (integer) holds. */
    static final BigDecimal MAX_DAILY_IMAGES = BigDecimal.valueOf(Integer.MAX_VALUE);
    /** What {@code quota_accounts.monthly_cost} (numeric(10, 4)) holds, in USD. */
    static final BigDecimal MAX_MONTHLY_COST = new BigDecimal("999999.9999");
    static final int MONTHLY_COST_DECIMALS = 4;

    /** Refuses, as a 422 naming each field and its range, a limit out of range or finer than its column. */
    void check() {
        List<FieldError> errors = new ArrayList<>();
        if (dailyImages != null && (outside(dailyImages, MAX_DAILY_IMAGES) || decimals(dailyImages) > 0)) {
            errors.add(new FieldError("daily_images", "must be a whole number from 0 to " + MAX_DAILY_IMAGES));
        }
        if (monthlyCost != null && (outside(monthlyCost, MAX_MONTHLY_COST)
                || decimals(monthlyCost) > MONTHLY_COST_DECIMALS)) {
            errors.add(new FieldError("monthly_cost", "must be from 0 to " + MAX_MONTHLY_COST.toPlainString()
                    + " (USD) with at most " + MONTHLY_COST_DECIMALS + " decimals"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "validation", "The request is invalid: " + String.join("; ",
                    errors.stream().map(e -> e.field() + " " + e.message()).toList()), errors);
        }
    }

    /** The daily limit once {@link #check()} passed. */
    Integer dailyImageLimit() {
        return dailyImages == null ? null : dailyImages.intValueExact();
    }

    private static boolean outside(BigDecimal value, BigDecimal max) {
        return value.signum() < 0 || value.compareTo(max) > 0;
    }

    private static int decimals(BigDecimal value) {
        return Math.max(0, value.stripTrailingZeros().scale());
    }
}
