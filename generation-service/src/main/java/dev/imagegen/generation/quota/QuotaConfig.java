package dev.imagegen.generation.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;

/** Default per-user limits; a user's row in {@code quota_accounts} may override either. */
@ConfigMapping(prefix = "imagegen.quota")
public interface QuotaConfig {

    /** Images a user may request per UTC day (the seed's {@code MAX_IMAGES_PER_USER_PER_DAY}). */
    @WithDefault("50")
    int dailyImages();

    /** USD a user may spend per calendar month, UTC (the seed's {@code MAX_MONTHLY_COST_PER_USER}). */
    @WithDefault("10")
    BigDecimal monthlyCost();

    /**
     * How long a reservation may wait for its job to settle or fail before the sweep releases it and fails the job
     * (well above the worker's 300 s hard limit plus time in the queue).
     */
    @WithDefault("PT1H")
    Duration reservationTtl();

    /** How often each replica sweeps expired reservations and refreshes the outstanding-reservations gauge. */
    @WithDefault("1m")
    String sweepInterval();

    /** Share of the monthly limit, in percent, whose crossing raises a spend alert (once per user and month). */
    @WithDefault("80")
    int alertThresholdPercent();
}
