package dev.imagegen.worker.job;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamConsumer;
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
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one job into an image behind a claim-check key and the events that tell the others. A job
 * whose provider call already succeeded is announced again, never rendered (and paid for) twice. A job
 * naming a model without a profile is dead-lettered before any provider call; one still running at the
 * soft time limit says so in a {@code progress} event (stage {@code slow}), and fails at the hard limit.
 */
@ApplicationScoped
public class JobHandler {

    static final String CONTENT_TYPE = "image/png";
    /** Progress percent of the soft-limit warning: between rendering (40) and handing over (80). */
    static final int SLOW_PERCENT = 60;

    private final ImageProvider provider;
    private final ProviderCallRepository calls;
    private final EventPublisher events;
    private final StreamKeys keys;
    private final ReactiveValueCommands<String, byte[]> claims;
    private final ReactiveKeyCommands<String> redisKeys;
    private final Duration claimTtl;
    private final JobMetrics metrics;
    private final ModelProfiles models;
    private final WorkerConfig config;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();

    public JobHandler(ImageProvider provider, ProviderCallRepository calls, EventPublisher events, StreamKeys keys,
            ReactiveRedisDataSource redis, WorkerConfig config, JobMetrics metrics, ModelProfiles models) {
        this.provider = provider;
        this.calls = calls;
        this.events = events;
        this.keys = keys;
        this.claims = redis.value(byte[].class);
        this.redisKeys = redis.key();
        this.claimTtl = config.claimTtl();
        this.metrics = metrics;
        this.models = models;
        this.config = config;
    }

    public Uni<Void> handle(JobMessage job) {
        if (job.jobId() == null || job.userId() == null) {
            return Uni.createFrom().failure(new StreamConsumer.Unprocessable("job without job_id or user_id"));
        }
        if (job.model() != null && !job.model().isBlank() && models.find(job.model()).isEmpty()) {
            return Uni.createFrom().failure(new StreamConsumer.Unprocessable(
                    "no model profile named '" + job.model() + "'"));
        }
        if (!running.add(job.jobId())) {
            // Another entry of the same job is being handled here; this one is answered once that one is done.
            return Uni.createFrom().failure(new IllegalStateException("job " + job.jobId() + " is already running"));
        }
        Uni<Void> work = calls.findSucceeded(job.jobId())
                .chain(done -> done != null ? announceAgain(job, done) : render(job));
        return withTimeLimits(job, work).onTermination().invoke(() -> running.remove(job.jobId())).onFailure(e -> !(e instanceof StreamConsumer.Unprocessable))
                .invoke(() -> metrics.job("retry"));
    }

    /** Told by the stream runner that the job's entry was given up on, and why. */
    public Uni<Void> deadLettered(JobMessage job, int deliveries, String reason) {
        metrics.job("dead_lettered");
        String why = reason == null || reason.startsWith("delivered ")
                ? "The job could not be processed after " + deliveries + " attempts"
                : "The job could not be processed: " + reason;
        return events.publish(JobEvent.failed(job.jobId(), job.userId(), job.threadId(), "dead_lettered", why,
                false)).replaceWithVoid();
    }

    /** The seed's task limits: a warning event at the soft limit, a failed job at the hard limit. */
    private Uni<Void> withTimeLimits(JobMessage job, Uni<Void> work) {
        Cancellable warning = Uni.createFrom().voidItem().onItem().delayIt().by(config.softTimeLimit())
                .chain(() -> events.publish(JobEvent.progress(job, "slow", SLOW_PERCENT)))
                .subscribe().with(id -> Log.warnf("Job %s is past its soft time limit of %s", job.jobId(),
                        config.softTimeLimit()), failure -> Log.debugf("Soft limit event of %s: %s", job.jobId(),
                        failure.getMessage()));
        return work.ifNoItem().after(config.hardTimeLimit()).recoverWithUni(() -> {
            Log.warnf("Job %s failed at its hard time limit of %s", job.jobId(), config.hardTimeLimit());
            metrics.job("failed");
            return events.publish(JobEvent.failed(job.jobId(), job.userId(), job.threadId(), "time_limit_exceeded",
                    "The job did not finish within " + config.hardTimeLimit().toSeconds() + " s", false))
                    .replaceWithVoid();
        }).onTermination().invoke(warning::cancel);
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
                metrics.providerCall(provider.name(), image.model(), ProviderCall.SUCCEEDED, took);
                metrics.cost(image.model(), image.cost());
                return calls.recordSuccess(job, provider.name(), image.model(), image.revisedPrompt(), image.cost(),
                        took).replaceWith(image);
            }
            ProviderException error = failure instanceof ProviderException known ? known
                    : new ProviderException("provider_error", failure.getMessage(), true);
            metrics.providerCall(provider.name(), model, error.code(), took);
            Uni<ProviderCall> recorded = calls.recordFailure(job, provider.name(), model, error.code(), took);
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
