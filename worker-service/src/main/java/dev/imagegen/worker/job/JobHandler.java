package dev.imagegen.worker.job;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.worker.WorkerConfig;
import dev.imagegen.worker.ledger.ProviderCall;
import dev.imagegen.worker.ledger.ProviderCallRepository;
import dev.imagegen.worker.provider.GeneratedImage;
import dev.imagegen.worker.provider.ImageProvider;
import dev.imagegen.worker.provider.ProviderException;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Turns one job into an image behind a claim-check key and the events that tell the others. A job
 * whose provider call already succeeded is announced again, never rendered (and paid for) twice.
 */
@ApplicationScoped
public class JobHandler {

    static final String CONTENT_TYPE = "image/png";

    private final ImageProvider provider;
    private final ProviderCallRepository calls;
    private final EventPublisher events;
    private final StreamKeys keys;
    private final ReactiveValueCommands<String, byte[]> claims;
    private final ReactiveKeyCommands<String> redisKeys;
    private final Duration claimTtl;
    private final JobMetrics metrics;

    public JobHandler(ImageProvider provider, ProviderCallRepository calls, EventPublisher events, StreamKeys keys,
            ReactiveRedisDataSource redis, WorkerConfig config, JobMetrics metrics) {
        this.provider = provider;
        this.calls = calls;
        this.events = events;
        this.keys = keys;
        this.claims = redis.value(byte[].class);
        this.redisKeys = redis.key();
        this.claimTtl = config.claimTtl();
        this.metrics = metrics;
    }

    public Uni<Void> handle(JobMessage job) {
        return calls.findSucceeded(job.jobId())
                .chain(done -> done != null ? announceAgain(job, done) : render(job))
                .onFailure().invoke(() -> metrics.job("retry"));
    }

    /** Told by the stream runner that the job's entry was given up on. */
    public Uni<Void> deadLettered(JobMessage job, int deliveries) {
        metrics.job("dead_lettered");
        return events.publish(JobEvent.failed(job.jobId(), job.userId(), job.threadId(), "dead_lettered",
                "The job could not be processed after " + deliveries + " attempts", false)).replaceWithVoid();
    }

    private Uni<Void> render(JobMessage job) {
        return events.publish(JobEvent.started(job))
                .chain(() -> events.publish(JobEvent.progress(job, "preparing", 10)))
                .chain(() -> events.publish(JobEvent.progress(job, "rendering", 40)))
                .chain(() -> callProvider(job))
                .chain(image -> image == null ? Uni.createFrom().voidItem() : handOver(job, image));
    }

    /** Calls the provider and records the call; null when the job failed for good (already announced). */
    private Uni<GeneratedImage> callProvider(JobMessage job) {
        String model = provider.modelFor(job);
        long start = System.nanoTime();
        return provider.generate(job).onItemOrFailure().transformToUni((image, failure) -> {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (failure == null) {
                metrics.providerCall(provider.name(), ProviderCall.SUCCEEDED, took);
                return calls.recordSuccess(job.jobId(), job.attempt(), provider.name(), image.model(),
                        image.revisedPrompt(), image.cost(), took).replaceWith(image);
            }
            metrics.providerCall(provider.name(), ProviderCall.FAILED, took);
            ProviderException error = failure instanceof ProviderException known ? known
                    : new ProviderException("provider_error", failure.getMessage(), true);
            Uni<ProviderCall> recorded = calls.recordFailure(job.jobId(), job.attempt(), provider.name(), model,
                    error.code(), took);
            if (error.retryable()) {
                // The entry stays pending and is delivered again; the runner dead-letters it in the end.
                Log.warnf("Job %s: provider %s failed (%s), will retry: %s", job.jobId(), provider.name(),
                        error.code(), error.getMessage());
                return recorded.chain(() -> Uni.createFrom().failure(failure));
            }
            Log.infof("Job %s failed for good: %s", job.jobId(), error.code());
            return recorded
                    .chain(() -> events.publish(JobEvent.failed(job.jobId(), job.userId(), job.threadId(),
                            error.code(), error.getMessage(), false)))
                    .invoke(() -> metrics.job("failed"))
                    .replaceWith((GeneratedImage) null);
        });
    }

    private Uni<Void> handOver(JobMessage job, GeneratedImage image) {
        String claimKey = keys.claimCheck(job.jobId());
        return events.publish(JobEvent.progress(job, "handing_over", 80))
                .chain(() -> claims.set(claimKey, image.bytes(), new SetArgs().px(claimTtl)))
                .chain(() -> events.publish(JobEvent.generated(job, image.revisedPrompt(), image.model(),
                        image.cost(), claimKey, CONTENT_TYPE)))
                .invoke(() -> {
                    metrics.job("generated");
                    Log.debugf("Job %s generated (%d bytes)", job.jobId(), image.bytes().length);
                })
                .replaceWithVoid();
    }

    /**
     * A redelivered job whose image was already made: say {@code generated} again (consumers drop it by seq
     * if they applied it). If the claim is gone, gallery-service took it already or it expired; either way a
     * second render would be paid twice, so the consumers decide.
     */
    private Uni<Void> announceAgain(JobMessage job, ProviderCall done) {
        String claimKey = keys.claimCheck(job.jobId());
        return redisKeys.exists(claimKey)
                .invoke(present -> {
                    if (!present) {
                        Log.warnf("Job %s was generated before but its claim %s is gone", job.jobId(), claimKey);
                    }
                })
                .chain(() -> events.publish(JobEvent.generated(job, done.revisedPrompt, done.model, done.cost,
                        claimKey, CONTENT_TYPE)))
                .invoke(() -> metrics.job("duplicate"))
                .replaceWithVoid();
    }
}
