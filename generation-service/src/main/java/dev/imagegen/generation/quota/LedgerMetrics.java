package dev.imagegen.generation.quota;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the ledger counts for Prometheus. Labels are bounded (model profiles, qualities, refusal reasons); no
 * metric carries a user id.
 */
@ApplicationScoped
public class LedgerMetrics {

    /** Quality label of a model without quality levels. */
    static final String NO_QUALITY = "none";

    private final MeterRegistry registry;
    private final AtomicLong outstanding = new AtomicLong();

    public LedgerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("imagegen.reservations.outstanding", outstanding, AtomicLong::get)
                .description("Reservations waiting for their job to settle or fail, all replicas together")
                .register(registry);
    }

    /** A job's images were generated. */
    public void images(String model, String quality, int count) {
        Counter.builder("imagegen.images").description("Images generated").tags("model", model, "quality",
                label(quality)).register(registry).increment(count);
    }

    /** A charge was settled: the real price, or the reserved price of a job counted as spent. */
    public void cost(String model, String quality, BigDecimal amount) {
        Counter.builder("imagegen.cost.dollars").description("USD charged to users").tags("model", model,
                "quality", label(quality)).register(registry).increment(amount.doubleValue());
    }

    /** A submit was refused: {@code daily_images}, {@code monthly_cost}, {@code blocklist} or {@code moderation}. */
    public void refusal(String reason) {
        Counter.builder("imagegen.refusals").description("Submits refused before anything was queued")
                .tag("reason", reason).register(registry).increment();
    }

    public void spendAlert() {
        Counter.builder("imagegen.spend.alerts").description("Spend alerts raised").register(registry).increment();
    }

    public void outstanding(long reservations) {
        outstanding.set(reservations);
    }

    private static String label(String quality) {
        return quality == null ? NO_QUALITY : quality;
    }
}
