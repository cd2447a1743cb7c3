package dev.imagegen.worker.job;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.worker.WorkerConfig;
import dev.imagegen.worker.ledger.CallResult;
import dev.imagegen.worker.ledger.ProviderCall;
import dev.imagegen.worker.ledger.ProviderCallRepository;
import dev.imagegen.worker.provider.GeneratedImage;
import dev.imagegen.worker.provider.ImageProvider;
import dev.imagegen.worker.provider.ProviderException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Turns one job into its images behind claim-check keys and the events that tell the others, in an order that
 * survives a worker dying at any point: under the job's lease, the call is recorded as started, made, its images
 * parked, the call recorded as succeeded (the charge), and only then {@code generated} published and marked so. A
 * delivery of a job that already ended publishes what was never published, and calls nothing; one whose images
 * were parked but not recorded records them without calling again. A job naming a model without a profile is
 * dead-lettered before any provider call; one still running at the soft time limit says so in a {@code progress}
 * event (stage {@code slow}), and fails at the hard limit.
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
    private final ClaimChecks claims;
    private final JobLeases leases;
    private final JobMetrics metrics;
    private final ModelProfiles models;
    private final WorkerConfig config;

    public JobHandler(ImageProvider provider, ProviderCallRepository calls, EventPublisher events,
            ClaimChecks claims, JobLeases leases, WorkerConfig config, JobMetrics metrics, ModelProfiles models) {
        this.provider = provider;
        this.calls = calls;
        this.events = events;
        this.claims = claims;
        this.leases = leases;
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
        // A holder finishes within its hard time limit, or dies and its lease expires: wait that long at most.
        return leases.acquire(job.jobId(), config.hardTimeLimit().plus(leases.ttl()))
                .chain(lease -> withTimeLimits(job, handleHolding(job, lease))
                        .onTermination().call((ignored, failure, cancelled) -> lease.release()))
                .onFailure(e -> !(e instanceof StreamConsumer.Unprocessable)).invoke(() -> metrics.job("retry"));
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
        return work.ifNoItem().after(config.hardTimeLimit()).recoverWithUni(() -> pastHardLimit(job))
                .onTermination().invoke(warning::cancel);
    }

    /**
     * The work was cut off at the hard limit. Unless it got as far as parking or recording the images, the job fails
     * for good, on record, so a later entry of it neither calls again nor contradicts the {@code failed} event.
     */
    private Uni<Void> pastHardLimit(JobMessage job) {
        return calls.findEnded(job.jobId()).chain(ended -> {
            if (ended != null) {
                return ended.announcedAt == null ? announce(job, ended) : Uni.createFrom().voidItem();
            }
            return claims.parked(job.jobId()).chain(parked -> {
                if (parked != null) {
                    return recordParked(job, parked);
                }
                Log.warnf("Job %s failed at its hard time limit of %s", job.jobId(), config.hardTimeLimit());
                return failForGood(job, provider.modelFor(job), new ProviderException("time_limit_exceeded",
                        "The job did not finish within " + config.hardTimeLimit().toSeconds() + " s", false));
            });
        });
    }

    /** With the job's lease: the first of these that applies is all that is done. */
    private Uni<Void> handleHolding(JobMessage job, JobLeases.Lease lease) {
        return calls.findEnded(job.jobId()).chain(ended -> {
            if (ended != null && ended.announcedAt != null) {
                // A duplicate entry of a job that ended and was announced: nothing to do, nothing to pay.
                metrics.job("duplicate");
                Log.debugf("Job %s ended before; entry acknowledged", job.jobId());
                return Uni.createFrom().voidItem();
            }
            if (ended != null) {
                return announce(job, ended);
            }
            return claims.parked(job.jobId())
                    .chain(parked -> parked != null ? recordParked(job, parked) : render(job, lease));
        });
    }

    private Uni<Void> render(JobMessage job, JobLeases.Lease lease) {
        String model = provider.modelFor(job);
        return events.publish(JobEvent.started(job))
                .chain(() -> events.publish(JobEvent.progress(job, "preparing", 10)))
                .chain(() -> events.publish(JobEvent.progress(job, "rendering", 40)))
                // This worker stalled past its lease: another one may be calling already.
                .chain(() -> lease.held() ? calls.start(job, provider.name(), model)
                        : Uni.createFrom().failure(new IllegalStateException("lost the lease of job " + job.jobId())))
                .chain(() -> callProvider(job, model));
    }

    /** Calls the provider; its images are parked before the call is recorded as their charge. */
    private Uni<Void> callProvider(JobMessage job, String model) {
        long start = System.nanoTime();
        return provider.generate(job).onItemOrFailure().transformToUni((image, failure) -> {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (failure == null) {
                metrics.providerCall(provider.name(), image.model(), ProviderCall.SUCCEEDED, took);
                metrics.cost(image.model(), image.cost());
                return handOver(job, image);
            }
            ProviderException error = failure instanceof ProviderException known ? known
                    : new ProviderException("provider_error", failure.getMessage(), true);
            metrics.providerCall(provider.name(), model, error.code(), took);
            if (error.billedCost() != null) {
                metrics.cost(model, error.billedCost());
            }
            if (!error.retryable()) {
                Log.infof("Job %s failed for good: %s", job.jobId(), error.code());
                return failForGood(job, model, error);
            }
            // The entry stays pending and is delivered again; the runner dead-letters it in the end.
            Log.warnf("Job %s: provider %s failed (%s), will retry: %s", job.jobId(), provider.name(),
                    error.code(), error.getMessage());
            return calls.fail(job, provider.name(), model, error.code(), error.getMessage(), true,
                    error.billedCost(), error.billedUsage())
                    .chain(() -> Uni.createFrom().failure(failure));
        });
    }

    private Uni<Void> handOver(JobMessage job, GeneratedImage image) {
        CallResult result = CallResult.of(image);
        return events.publish(JobEvent.progress(job, "handing_over", 80))
                .chain(() -> claims.park(job.jobId(), image))
                .chain(() -> calls.succeed(job, provider.name(), result))
                .chain(call -> publishGenerated(job, call, result))
                .invoke(() -> {
                    metrics.job("generated");
                    Log.debugf("Job %s generated (%d images, %d bytes)", job.jobId(), result.images(),
                            image.totalBytes());
                });
    }

    /** The images of a call whose worker stopped before recording it: recorded and announced, not made again. */
    private Uni<Void> recordParked(JobMessage job, CallResult parked) {
        Log.infof("Job %s: its images were parked by a worker that stopped before recording them; recorded now",
                job.jobId());
        return calls.succeed(job, provider.name(), parked)
                .chain(call -> publishGenerated(job, call, parked))
                .invoke(() -> metrics.job("generated"));
    }

    private Uni<Void> failForGood(JobMessage job, String model, ProviderException error) {
        return calls.fail(job, provider.name(), model, error.code(), error.getMessage(), false, error.billedCost(),
                error.billedUsage())
                .chain(call -> publishFailed(job, call))
                .invoke(() -> metrics.job("failed"));
    }

    /**
     * The job ended before but its event may never have been published (its worker stopped in between): published
     * now, as it was recorded. Consumers drop an event whose seq they already applied.
     */
    private Uni<Void> announce(JobMessage job, ProviderCall ended) {
        metrics.job("duplicate");
        if (!ended.succeeded()) {
            return publishFailed(job, ended);
        }
        // A call recorded before the ledger kept what was rendered: the job's own options, one PNG.
        boolean legacy = ended.contentType == null;
        CallResult result = new CallResult(ended.model, ended.revisedPrompt, ended.cost, ended.images,
                legacy ? LEGACY_CONTENT_TYPE : ended.contentType, legacy ? job.size() : ended.size,
                legacy ? job.quality() : ended.quality, ended.usage());
        return claims.present(job.jobId())
                .invoke(present -> {
                    if (!present) {
                        // Taken by gallery-service already, or expired: the consumers decide, a second render would be paid twice.
                        Log.warnf("Job %s was generated before but its claim is gone", job.jobId());
                    }
                })
                .chain(() -> publishGenerated(job, ended, result));
    }

    private Uni<Void> publishGenerated(JobMessage job, ProviderCall call, CallResult result) {
        return events.publish(JobEvent.generated(job, result.revisedPrompt(), result.model(), result.size(),
                result.quality(), result.cost(), claims.keys(job.jobId(), result.images()), result.contentType(),
                result.usage()))
                .chain(() -> calls.announced(call.id));
    }

    private Uni<Void> publishFailed(JobMessage job, ProviderCall call) {
        return events.publish(JobEvent.failed(job.jobId(), job.userId(), job.threadId(), call.errorCode,
                call.errorMessage, false))
                .chain(() -> calls.announced(call.id));
    }
}
