package dev.imagegen.worker.job;

import dev.imagegen.common.streams.StreamConsumer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Duration;

/** Jobs by outcome, provider calls, money spent and the jobs stream's backlog, for dashboards and autoscaling. */
@ApplicationScoped
public class JobMetrics {

    static final String JOBS = "imagegen.worker.jobs";
    static final String PROVIDER_CALLS = "imagegen.worker.provider.calls";
    static final String COST = "imagegen.worker.provider.cost.usd";

    private final MeterRegistry registry;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a job by how its delivery ended: generated, duplicate, failed, dead_lettered or retry. */
    void job(String outcome) {
        registry.counter(JOBS, "outcome", outcome).increment();
    }

    /** One provider call; outcome is {@code succeeded} or the job's error code. */
    void providerCall(String provider, String model, String outcome, Duration took) {
        Timer.builder(PROVIDER_CALLS)
                .description("Calls to the image provider, retries included")
                .tag("provider", provider)
                .tag("model", model)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry)
                .record(took);
    }

    void cost(String model, BigDecimal usd) {
        registry.counter(COST, "model", model).increment(usd.doubleValue());
    }

    /** In-flight, pending, lag and dead-lettered figures of the worker's stream consumer. */
    void watch(StreamConsumer<?> consumer) {
        // Strong references: the gauges live as long as the registry, whoever else holds the consumer.
        Gauge.builder("imagegen.worker.jobs.in.flight", consumer, StreamConsumer::inFlight).strongReference(true)
                .description("Jobs this worker process is handling now").register(registry);
        Gauge.builder("imagegen.worker.stream.pending", consumer, StreamConsumer::pending).strongReference(true)
                .description("Job entries delivered to the workers and not yet acknowledged").register(registry);
        Gauge.builder("imagegen.worker.stream.lag", consumer, StreamConsumer::lag).strongReference(true)
                .description("Job entries not yet delivered to any worker").register(registry);
        FunctionCounter.builder("imagegen.worker.stream.dead.lettered", consumer,
                StreamConsumer::deadLetteredCount)
                .description("Job entries this worker moved to the dead-letter stream").register(registry);
    }
}
