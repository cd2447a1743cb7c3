package dev.imagegen.worker.provider;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Retries and rate limits of provider calls, by model. */
@ApplicationScoped
public class ProviderMetrics {

    static final String RETRIES = "imagegen.worker.provider.retries";
    static final String RATE_LIMITED = "imagegen.worker.provider.rate.limited";

    private final MeterRegistry registry;

    public ProviderMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void retried(String model, String code) {
        registry.counter(RETRIES, "model", model, "code", code).increment();
    }

    void rateLimited(String model) {
        registry.counter(RATE_LIMITED, "model", model).increment();
    }
}
