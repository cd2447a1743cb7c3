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
import java.util.Set;
import java.util.UUID;

/** Accepts jobs, follows them through their events, and tells their owners where they are. */
@ApplicationScoped
public class JobService {

    /** Failures where the provider refused before generating anything, so nothing was charged. */
    static final Set<String> UNCHARGED_FAILURES = Set.of("content_policy_violation", "invalid_request",
            "provider_auth", "model_unavailable", "insufficient_quota");

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
    private final Clock clock;

    public JobService(JobRepository jobs, JobSpecValidator validator, OptionTranslator translator,
            ModelLineupService lineups, EventPublisher publisher, ModelProfiles models, GalleryClient gallery,
            QuotaLedger ledger, IdempotencyKeys idempotency, ContentFilter filter, IntakeConfig intake,
            SpendAlerts alerts, LedgerMetrics metrics, QuotaConfig quota, Clock clock) {
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
        this.clock = clock;
    }

    /**
     * Validates (a shut-down model's request moves to its replacement), screens the prompt, reserves the job's
     * expected cost and images against the user's limits and records the job in one transaction, then queues it;
     * a job that cannot be queued is recorded as failed and its reservation released. A submit repeating a live
     * Idempotency-Key answers with the first job and queues nothing.
     */
    public Uni<GenerateAccepted> submit(UUID userId, GenerateRequest request, String idempotencyKey) {
        if (!intake.enabled()) {
            throw new ProblemException(503, "generation_disabled", "Image generation is switched off on this server");
        }
        IdempotencyKeys.check(idempotencyKey);
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
                .chain(jobId -> (jobId.equals(job.id) ? queue(job) : Uni.createFrom().voidItem())
                        .replaceWith(new GenerateAccepted(jobId, JobStatus.QUEUED.publicStatus(), estimatedSeconds)));
    }

    /**
     * Announces the job, then hands it to the workers: in that order, so {@code queued} (seq 0) is on the event
     * stream before any worker can answer with {@code started}, and watchers see the steps in order.
     */
    private Uni<Void> queue(Job job) {
        JobMessage message = job.toMessage();
        return publisher.publish(JobEvent.queued(message))
                .onFailure().recoverWithUni(e -> this.<String>unqueued(job, e))
                .chain(() -> publisher.enqueue(message))
                .onFailure(e -> !(e instanceof ProblemException)).recoverWithUni(e -> this.<String>unqueued(job, e)
                        // Watchers already saw it queued; tell them it will not run (best effort).
                        .onFailure().call(() -> publisher.publish(JobEvent.failed(job.id, job.userId, job.threadId,
                                Job.QUEUE_UNAVAILABLE, Job.QUEUE_UNAVAILABLE_MESSAGE, true))
                                .onFailure().recoverWithNull()))
                .replaceWithVoid();
    }

    /** Records a job that could not be queued as failed, releases its reservation, and refuses the submit. */
    private <T> Uni<T> unqueued(Job job, Throwable cause) {
        Log.errorf("Could not queue job %s: %s", job.id, cause.getMessage());
        return markUnqueued(job.id).chain(() -> Uni.createFrom().failure(new ProblemException(503,
                "queue_unavailable", "The job could not be queued; please try again shortly")));
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

    /** Applies one event of the stream; replays and events of unknown jobs change nothing. */
    @WithTransaction
    public Uni<Boolean> apply(JobEvent event) {
        return jobs.findById(event.jobId()).chain(job -> job != null && job.apply(event)
                ? charge(job, event).replaceWith(true)
                : Uni.createFrom().item(false));
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

    /** Settles or releases the job's reservation; a charge already settled stays as it is. */
    private Uni<Void> charge(Job job, JobEvent event) {
        return switch (event.type()) {
            case GENERATED -> {
                metrics.images(job.model, job.quality, Math.max(1, event.allClaimKeys().size()));
                yield settled(job, event.cost() == null ? ledger.spend(job.id)
                        : ledger.settle(job.id, event.cost(), event.usage()));
            }
            case FAILED -> UNCHARGED_FAILURES.contains(event.code()) ? ledger.release(job.id)
                    : settled(job, ledger.spend(job.id));
            // nothing says whether a cancelled job reached the provider, so it counts as spent
            case CANCELLED -> settled(job, ledger.spend(job.id));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> settled(Job job, Uni<Optional<QuotaLedger.Charge>> charge) {
        return charge.chain(settled -> settled.isEmpty() ? Uni.createFrom().voidItem()
                : alerts.check(settled.get().userId())
                        .invoke(() -> metrics.cost(job.model, job.quality, settled.get().amount())));
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

    @WithTransaction
    Uni<Void> markUnqueued(UUID jobId) {
        return jobs.findById(jobId).invoke(job -> {
            if (job != null) {
                job.failToQueue();
            }
        }).chain(() -> ledger.release(jobId)).chain(() -> idempotency.forget(jobId));
    }
}
