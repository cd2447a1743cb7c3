package dev.imagegen.generation.job;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.generation.alert.SpendAlerts;
import dev.imagegen.generation.content.ContentFilter;
import dev.imagegen.generation.gallery.GalleryClient;
import dev.imagegen.generation.idempotency.IdempotencyKeys;
import dev.imagegen.generation.model.ModelCatalog;
import dev.imagegen.generation.model.ModelLineupService;
import dev.imagegen.generation.quota.LedgerMetrics;
import dev.imagegen.generation.quota.QuotaConfig;
import dev.imagegen.generation.quota.QuotaExceededException;
import dev.imagegen.generation.quota.QuotaLedger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accepts jobs, follows them through their events, and tells their owners where they are. */
@ApplicationScoped
public class JobService {

    private final JobRepository jobs;
    private final JobSpecValidator validator;
    private final OptionTranslator translator;
    private final ModelLineupService lineups;
    private final EventPublisher publisher;
    private final ModelProfiles models;
    private final GalleryClient gallery;
    private final QuotaLedger ledger;
    private final IdempotencyKeys idempotency;
    private final ContentFilter filter;
    private final IntakeConfig intake;
    private final SpendAlerts alerts;
    private final LedgerMetrics metrics;
    private final QuotaConfig quota;
    private final OutboxConfig outbox;
    private final Clock clock;
    /** Accepted jobs not yet on the jobs stream, as the reconciler last counted them (all replicas). */
    private volatile long backlog;

    public JobService(JobRepository jobs, JobSpecValidator validator, OptionTranslator translator,
            ModelLineupService lineups, EventPublisher publisher, ModelProfiles models, GalleryClient gallery,
            QuotaLedger ledger, IdempotencyKeys idempotency, ContentFilter filter, IntakeConfig intake,
            SpendAlerts alerts, LedgerMetrics metrics, QuotaConfig quota, OutboxConfig outbox, Clock clock) {
        this.jobs = jobs;
        this.validator = validator;
        this.translator = translator;
        this.lineups = lineups;
        this.publisher = publisher;
        this.models = models;
        this.gallery = gallery;
        this.ledger = ledger;
        this.idempotency = idempotency;
        this.filter = filter;
        this.intake = intake;
        this.alerts = alerts;
        this.metrics = metrics;
        this.quota = quota;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Validates (a shut-down model's request moves to its replacement), screens the prompt, reserves the job's
     * expected cost and images against the user's limits and records the job in one transaction, then queues it.
     * A job recorded but not queued (Redis down, or this replica died first) is queued by the reconciler, so it is
     * accepted all the same. A submit repeating a live Idempotency-Key answers with the first job, queueing it now
     * if it never was.
     */
    public Uni<GenerateAccepted> submit(UUID userId, GenerateRequest request, String idempotencyKey) {
        if (!intake.enabled()) {
            throw new ProblemException(503, "generation_disabled", "Image generation is switched off on this server");
        }
        IdempotencyKeys.check(idempotencyKey);
        if (backlog >= outbox.maxBacklog()) {
            throw new QueueBacklogException(backlog, Math.max(1, outbox.requeueAfter().toSeconds()));
        }
        return lineups.current().chain(lineup -> {
            JobSpec asked = validator.validate(request, lineup);
            JobSpec spec = translator.runnable(asked, lineup);
            // The request as asked, so a replay still matches once its model has been replaced meanwhile.
            String fingerprint = IdempotencyKeys.fingerprint(asked.toString());
            return accept(Job.accept(userId, spec), spec, idempotencyKey, fingerprint);
        });
    }

    private Uni<GenerateAccepted> accept(Job job, JobSpec spec, String idempotencyKey, String fingerprint) {
        UUID userId = job.userId;
        int estimatedSeconds = models.find(job.model).orElseThrow().estimatedSeconds();
        return filter.screen(userId, spec.prompt())
                .chain(() -> persist(job, reservation(spec), idempotencyKey, fingerprint))
                .onFailure(QuotaExceededException.class).call(e -> {
                    String limit = ((QuotaExceededException) e).limit();
                    metrics.refusal(limit);
                    return ledger.recordRefusal(userId, limit);
                })
                .call(jobId -> jobId.equals(job.id) ? queueNew(job) : queue(jobId))
                .map(jobId -> new GenerateAccepted(jobId, JobStatus.QUEUED.publicStatus(), estimatedSeconds));
    }

    /** Writes the job to the jobs stream unless it is there already; if that fails, the reconciler will. */
    private Uni<Void> queue(UUID jobId) {
        return queued(jobId, enqueue(jobId));
    }

    /** {@link #queue} for the job this submit has just committed, whose row need not be read back. */
    private Uni<Void> queueNew(Job job) {
        return queued(job.id, enqueueNew(job));
    }

    private static Uni<Void> queued(UUID jobId, Uni<Boolean> enqueue) {
        return enqueue.onFailure().recoverWithItem(e -> {
            Log.warnf("Could not queue job %s now; the reconciler will: %s", jobId, e.getMessage());
            return false;
        }).replaceWithVoid();
    }

    /** @return whether this call wrote the job; false when it was written before, or is being written elsewhere */
    @WithTransaction
    Uni<Boolean> enqueue(UUID jobId) {
        return jobs.lockUnenqueued(jobId)
                .chain(job -> job == null ? Uni.createFrom().item(false) : send(job).replaceWith(true));
    }

    /** The mark's update takes the row lock the reconciler skips, and rolls back if the stream refuses the job. */
    @WithTransaction
    Uni<Boolean> enqueueNew(Job job) {
        return jobs.markEnqueued(job.id, clock.instant()).chain(marked -> marked
                ? send(job.toMessage()).replaceWith(true) : Uni.createFrom().item(false));
    }

    /**
     * Queues up to {@code batch} jobs accepted over {@code imagegen.outbox.requeue-after} ago and still not on the
     * jobs stream (their submit died before writing them, or Redis was down), then counts those left, which bounds
     * new submits. Rows are taken with SKIP LOCKED, so replicas share the work and never write one job twice.
     *
     * @return how many jobs were queued
     */
    public Uni<Integer> requeueLost(int batch) {
        return requeue(batch).call(queued -> Panache.withSession(jobs::unenqueued).invoke(left -> {
            backlog = left;
            if (queued > 0 || left > 0) {
                Log.warnf("Queued %d jobs that their submit had not; %d still wait for the job queue", queued, left);
            }
        }));
    }

    @WithTransaction
    Uni<Integer> requeue(int batch) {
        return jobs.lockUnenqueued(clock.instant().minus(outbox.requeueAfter()), batch)
                .chain(lost -> Multi.createFrom().iterable(lost)
                        // one at a time, and the first failure (Redis down) ends the run; the rest wait for the next
                        .onItem().transformToUniAndConcatenate(job -> send(job).replaceWith(job.id))
                        .onFailure().invoke(e -> Log.warnf("Could not queue a job: %s", e.getMessage()))
                        .onFailure().recoverWithCompletion()
                        .collect().asList().map(List::size));
    }

    /**
     * Announces the job, then hands it to the workers: in that order, so {@code queued} (seq 0) is on the event
     * stream before any worker can answer with {@code started}. The caller holds the job's row lock, and the
     * mark commits with it. A crash between the XADD and the commit writes the job twice; workers take the job
     * id as its idempotency key.
     */
    private Uni<Void> send(Job job) {
        return send(job.toMessage()).invoke(() -> job.enqueuedAt = clock.instant());
    }

    private Uni<Void> send(JobMessage message) {
        return publisher.publish(JobEvent.queued(message))
                .chain(() -> publisher.enqueue(message))
                .replaceWithVoid();
    }

    /**
     * What a job with these options would reserve, on the model that would run it, beside what the caller has
     * left; validated and translated to a replacement as a submit would be.
     */
    public Uni<Estimate> estimate(UUID userId, String model, String size, String quality, String n,
            String background, String outputFormat) {
        return lineups.current().chain(lineup -> {
            JobSpec spec = translator.runnable(validator.validateOptions(model, size, quality, n, background,
                    outputFormat, lineup), lineup);
            ModelProfiles.Profile profile = models.find(spec.model()).orElseThrow();
            Long outputTokens = profile.priceKind() == ModelProfiles.PriceKind.TOKEN
                    ? profile.outputTokens(spec.size(), spec.quality()) : null;
            return Panache.withSession(() -> ledger.usage(userId)).map(usage -> new Estimate(reservation(spec),
                    usage.remainingImagesToday(), usage.remainingBudgetMonth(), spec.model(), spec.requestedModel(),
                    spec.n(), perImage(spec), ModelCatalog.priceKind(profile), outputTokens, spec.size(),
                    spec.quality()));
        });
    }

    /** The caller's task, with the finished image embedded as base64. */
    public Uni<TaskStatus> status(UUID userId, UUID jobId, String bearerToken) {
        return findOwned(userId, jobId).chain(job -> {
            if (job.imageId == null) {
                return Uni.createFrom().item(TaskStatus.of(job, null));
            }
            return gallery.content(job.imageId, bearerToken)
                    .map(bytes -> TaskStatus.of(job, bytes.map(b -> Base64.getEncoder().encodeToString(b))
                            .orElse(null)));
        });
    }

    /**
     * Applies one event of the stream under the job's row lock, so replicas applying events of one job at once
     * take turns; replays, late events and events of unknown jobs change nothing, except that an image's event
     * settles a charge not yet settled unless the job failed.
     *
     * @return whether the job changed
     */
    public Uni<Boolean> apply(JobEvent event) {
        return switch (event.type()) {
            case QUEUED -> Uni.createFrom().item(false); // the submit wrote all it says
            // the bulk of a job's events: one statement, no row to load, nothing to charge
            case STARTED, PROGRESS -> jobs.running(event, clock.instant());
            default -> applyLocked(event);
        };
    }

    @WithTransaction
    Uni<Boolean> applyLocked(JobEvent event) {
        return jobs.lock(event.jobId()).chain(job -> {
            if (job == null || !job.userId.equals(event.userId())) {
                return Uni.createFrom().item(false);
            }
            boolean moved = job.apply(event);
            return charge(job, event, moved).replaceWith(moved);
        });
    }

    /**
     * Releases reservations older than {@code imagegen.quota.reservation-ttl} and fails their jobs with
     * {@code reservation_expired}, then tells browsers through the events stream; safe on several replicas at once.
     *
     * @return how many jobs failed
     */
    public Uni<Integer> expireReservations(int batch) {
        return expire(batch).chain(failed -> Multi.createFrom().iterable(failed)
                // one at a time: a batch of hundreds at once would overflow the Redis client's wait queue
                .onItem().transformToUniAndConcatenate(publisher::publish)
                .onFailure().invoke(e -> Log.errorf("Could not publish a %s failure: %s", Job.RESERVATION_EXPIRED,
                        e.getMessage()))
                .collect().last().replaceWith(failed.size()));
    }

    /** Committed before the events are written, so this service's own consumer finds the jobs already failed. */
    @WithTransaction
    Uni<List<JobEvent>> expire(int batch) {
        return ledger.expire(clock.instant().minus(quota.reservationTtl()), batch)
                .chain(expired -> expired.isEmpty() ? Uni.createFrom().item(List.<JobEvent>of())
                        : jobs.list("id in ?1", expired).map(found -> {
                            Log.warnf("Released %d reservations older than %s; their jobs failed with %s",
                                    expired.size(), quota.reservationTtl(), Job.RESERVATION_EXPIRED);
                            return found.stream().filter(Job::expireReservation)
                                    .map(job -> JobEvent.failed(job.id, job.userId, job.threadId, job.errorCode,
                                            job.errorMessage, true))
                                    .toList();
                        }));
    }

    /** What one image of the job is expected to cost on the model that runs it, at the ledger's scale. */
    private BigDecimal perImage(JobSpec spec) {
        return ModelProfiles.roundCost(models.find(spec.model()).orElseThrow().estimate(spec.size(), spec.quality()));
    }

    /** What the job's reservation holds until the real cost is known: every image at the estimate. */
    private BigDecimal reservation(JobSpec spec) {
        return perImage(spec).multiply(BigDecimal.valueOf(spec.n()));
    }

    /**
     * Settles or refunds the job's charge: the user pays for the images they got, never for a job that failed. An
     * image, whether {@code generated} or {@code stored} tells of it first (the other may fail, or come late), settles
     * the charge once; a failure that ended the job refunds it, settled or not, whatever the provider billed (the
     * worker's ledger keeps that); a {@code stored} after a failure completes the job and settles it again.
     */
    private Uni<Void> charge(Job job, JobEvent event, boolean moved) {
        return switch (event.type()) {
            case GENERATED -> job.status == JobStatus.FAILED ? Uni.createFrom().voidItem()
                    : imageCharged(job, event, Math.max(1, event.allClaimKeys().size()));
            case STORED -> imageCharged(job, event, Math.max(1, event.allImages().size()));
            case FAILED -> moved ? ledger.refund(job.id) : Uni.createFrom().voidItem();
            // nothing says whether a cancelled job reached the provider, so it counts as spent
            case CANCELLED -> moved ? settled(job, ledger.spend(job.id)).replaceWithVoid()
                    : Uni.createFrom().voidItem();
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> imageCharged(Job job, JobEvent event, int images) {
        return settled(job, ledger.settle(job.id, event.cost(), event.usage()))
                .invoke(first -> {
                    if (first) {
                        metrics.images(job.model, job.quality, images);
                    }
                })
                .chain(first -> first || event.usage() == null ? Uni.createFrom().voidItem()
                        // settled first by stored, which carries the cost but not the provider's tokens
                        : ledger.recordTokens(job.id, event.usage()));
    }

    /** @return whether the charge changed */
    private Uni<Boolean> settled(Job job, Uni<Optional<QuotaLedger.Charge>> charge) {
        return charge.chain(settled -> settled.isEmpty() ? Uni.createFrom().item(false)
                : alerts.check(settled.get().userId())
                        .invoke(() -> metrics.cost(job.model, job.quality, settled.get().amount()))
                        .replaceWith(true));
    }

    @WithSession
    Uni<Job> findOwned(UUID userId, UUID jobId) {
        return jobs.findOwned(jobId, userId).onItem().ifNull().failWith(() -> ProblemException.notFound("Task"));
    }

    /** @return the job the request answers with: this one, or the one its Idempotency-Key made before */
    @WithTransaction
    Uni<UUID> persist(Job job, BigDecimal price, String idempotencyKey, String fingerprint) {
        Uni<UUID> owner = idempotencyKey == null ? Uni.createFrom().item(job.id)
                : idempotency.claim(job.userId, idempotencyKey, fingerprint, job.id);
        return owner.chain(jobId -> !jobId.equals(job.id) ? Uni.createFrom().item(jobId)
                : ledger.reserve(job.userId, job.id, job.n, price).chain(() -> jobs.persist(job)).replaceWith(jobId));
    }
}
