package dev.imagegen.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's spend crossed the alert threshold of their monthly limit, as written to {@code imagegen:alerts} by
 * generation-service, at most once per user and month; see docs/events.md.
 *
 * @param month   the calendar month (UTC) as {@code YYYY-MM}
 * @param percent the spend as a whole percentage of {@code limit}, rounded down
 */
// Read and written with ObjectMapper by class, which a native image only allows when registered.
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpendAlert(int v, String type, UUID userId, String month, BigDecimal spend, BigDecimal limit,
        int percent, Instant at) {

    public static final int VERSION = 1;
    public static final String TYPE = "spend_alert";

    public static SpendAlert of(UUID userId, String month, BigDecimal spend, BigDecimal limit, int percent,
            Instant at) {
        return new SpendAlert(VERSION, TYPE, userId, month, spend, limit, percent, at);
    }

    /** The stream's key under the suite's prefix. */
    public static String stream(StreamsConfig config) {
        return config.prefix() + ":alerts";
    }
}
