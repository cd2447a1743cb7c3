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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Turns one job into its images behind claim-check keys and the events that tell the others. A job
 * whose provider call already succeeded is announced again, never rendered (and paid for) twice. A job
 * naming a model without a profile is dead-lettered before any provider call; one still running at the
 * soft time limit says so in a {@code progress} event (stage {@code slow}), and fails at the hard limit.
 */
@ApplicationScoped
public class JobHandler {

    /** What a call recorded before the ledger kept content types made: the seed's PNGs. */
    static final String LEGACY_CONTENT_TYPE = "image/png";
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
                return calls.recordSuccess(job, provider.name(), image, took).replaceWith(image);
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

    /** Parks image i under claim key i, all with the claim's time to live, then tells the others in one event. */
    private Uni<Void> handOver(JobMessage job, GeneratedImage image) {
        List<String> claimKeys = claimKeys(job, image.images().size());
        List<Uni<Void>> parked = new ArrayList<>();
        for (int i = 0; i < claimKeys.size(); i++) {
            parked.add(claims.set(claimKeys.get(i), image.images().get(i), new SetArgs().px(claimTtl)));
        }
        return events.publish(JobEvent.progress(job, "handing_over", 80))
                .chain(() -> Uni.join().all(parked).andFailFast())
                .chain(() -> events.publish(JobEvent.generated(job, image.revisedPrompt(), image.model(),
                        image.size(), image.quality(), image.cost(), claimKeys, image.contentType(), image.usage())))
                .invoke(() -> {
                    metrics.job("generated");
                    Log.debugf("Job %s generated (%d images, %d bytes)", job.jobId(), claimKeys.size(),
                            image.totalBytes());
                })
                .replaceWithVoid();
    }

    /**
     * A redelivered job whose images were already made: say {@code generated} again, with the same claim keys,
     * content type and usage (consumers drop it by seq if they applied it). If a claim is gone, gallery-service
     * took it already or it expired; either way a second render would be paid twice, so the consumers decide.
     */
    private Uni<Void> announceAgain(JobMessage job, ProviderCall done) {
        List<String> claimKeys = claimKeys(job, done.images);
        // A call recorded before the ledger kept what was rendered: the job's own options, one PNG.
        boolean legacy = done.contentType == null;
        String size = legacy ? job.size() : done.size;
        String quality = legacy ? job.quality() : done.quality;
        String contentType = legacy ? LEGACY_CONTENT_TYPE : done.contentType;
        return redisKeys.exists(claimKeys.get(0))
                .invoke(present -> {
                    if (!present) {
                        Log.warnf("Job %s was generated before but its claim %s is gone", job.jobId(),
                                claimKeys.get(0));
                    }
                })
                .chain(() -> events.publish(JobEvent.generated(job, done.revisedPrompt, done.model, size, quality,
                        done.cost, claimKeys, contentType, done.usage())))
                .invoke(() -> metrics.job("duplicate"))
                .replaceWithVoid();
    }

    private List<String> claimKeys(JobMessage job, int images) {
        return IntStream.range(0, Math.max(1, images)).mapToObj(i -> keys.claimCheck(job.jobId(), i)).toList();
    }
}
