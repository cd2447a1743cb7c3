package dev.imagegen.worker.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Jobs by outcome and provider call latency, for dashboards and autoscaling. */
@ApplicationScoped
public class JobMetrics {

    static final String JOBS = "imagegen.worker.jobs";
    static final String PROVIDER_CALLS = "imagegen.worker.provider.calls";

    private final MeterRegistry registry;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a job by how its delivery ended: generated, duplicate, failed, dead_lettered or retry. */
    void job(String outcome) {
        registry.counter(JOBS, "outcome", outcome).increment();
    }

    void providerCall(String provider, String outcome, Duration took) {
        Timer.builder(PROVIDER_CALLS)
                .description("Calls to the image provider")
                .tag("provider", provider)
                .tag("outcome", outcome)
                .register(registry)
                .record(took);
    }
}
