package dev.imagegen.generation.quota;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Where a user stands against their limits right now.
 *
 * @param reserved the part of {@code monthSpend} held for jobs whose real price is not known yet
 */
public record Usage(int imagesToday, int dailyLimit, BigDecimal monthSpend, BigDecimal monthlyLimit,
        BigDecimal reserved, Instant dayResetsAt, Instant monthResetsAt) {

    public int remainingImagesToday() {
        return Math.max(0, dailyLimit - imagesToday);
    }

    public BigDecimal remainingBudgetMonth() {
        return monthlyLimit.subtract(monthSpend).max(BigDecimal.ZERO);
    }
}
