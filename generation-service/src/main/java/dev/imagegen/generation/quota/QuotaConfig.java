package dev.imagegen.generation.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;

/** Default per-user limits; a user's row in {@code quota_accounts} may override either. */
@ConfigMapping(prefix = "imagegen.quota")
public interface QuotaConfig {

    /** Images a user may request per UTC day (the seed's {@code MAX_IMAGES_PER_USER_PER_DAY}). */
    @WithDefault("50")
    int dailyImages();

    /** USD a user may spend per calendar month, UTC (the seed's {@code MAX_MONTHLY_COST_PER_USER}). */
    @WithDefault("10")
    BigDecimal monthlyCost();
}
