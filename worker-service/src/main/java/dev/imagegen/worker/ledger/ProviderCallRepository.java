package dev.imagegen.worker.ledger;

import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.TokenUsage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The ledger of provider calls. A call is {@link #start started} before it is made and completed once it answered,
 * so every call that may have been billed is on record, even when its worker died during it.
 */
@ApplicationScoped
public class ProviderCallRepository implements PanacheRepositoryBase<ProviderCall, UUID> {

    /** Error code of a call whose worker stopped before it answered: its outcome, and any charge, are unknown. */
    public static final String INTERRUPTED = "interrupted";

    /** The call the job ended with (its success first, else a failure no retry can mend), or null. */
    @WithSession
    public Uni<ProviderCall> findEnded(UUID jobId) {
        return find("jobId = ?1 and (outcome = ?2 or (outcome = ?3 and retryable = false))"
                + " order by outcome desc, createdAt desc", jobId, ProviderCall.SUCCEEDED, ProviderCall.FAILED)
                .firstResult();
    }

    /**
     * Records the intent to call the provider for the job. A call still open from an earlier delivery belongs to a
     * worker that stopped during it (the job's lease says no other is at work): it is closed as interrupted.
     */
    @WithTransaction
    public Uni<ProviderCall> start(JobMessage job, String provider, String model) {
        return update("outcome = ?1, errorCode = ?2, retryable = true, errorMessage = ?3 where jobId = ?4"
                + " and outcome = ?5", ProviderCall.FAILED, INTERRUPTED, "The worker stopped during the call",
                job.jobId(), ProviderCall.STARTED)
                .chain(() -> {
                    ProviderCall call = call(job, provider, model);
                    call.outcome = ProviderCall.STARTED;
                    call.cost = BigDecimal.ZERO;
                    return persist(call);
                });
    }

    /** Completes the job's open call as the one that made its images (a new row where none is open). */
    @WithTransaction
    public Uni<ProviderCall> succeed(JobMessage job, String provider, CallResult result) {
        return open(job, provider, result.model()).chain(call -> {
            call.outcome = ProviderCall.SUCCEEDED;
            call.model = result.model();
            call.revisedPrompt = result.revisedPrompt();
            call.cost = result.cost();
            call.images = result.images();
            call.contentType = result.contentType();
            call.size = result.size();
            call.quality = result.quality();
            call.usage(result.usage());
            return persist(call);
        });
    }

    /**
     * Completes the job's open call as failed. {@code billed} is what the provider charged for an answer the worker
     * could not use (an image refused at download), else null: nothing known was charged.
     */
    @WithTransaction
    public Uni<ProviderCall> fail(JobMessage job, String provider, String model, String errorCode, String message,
            boolean retryable, BigDecimal billed, TokenUsage usage) {
        return open(job, provider, model).chain(call -> {
            call.outcome = ProviderCall.FAILED;
            call.errorCode = errorCode;
            call.errorMessage = message;
            call.retryable = retryable;
            call.cost = billed == null ? BigDecimal.ZERO : billed;
            call.usage(usage);
            return persist(call);
        });
    }

    /** The job's final event for this call reached the events stream. */
    @WithTransaction
    public Uni<Void> announced(UUID callId) {
        return update("announcedAt = ?1 where id = ?2", Instant.now(), callId).replaceWithVoid();
    }

    /** The job's open call, its duration now known; a new one where none is open. */
    private Uni<ProviderCall> open(JobMessage job, String provider, String model) {
        return find("jobId = ?1 and outcome = ?2 order by createdAt desc", job.jobId(), ProviderCall.STARTED)
                .firstResult()
                .map(open -> {
                    ProviderCall call = open != null ? open : call(job, provider, model);
                    call.durationMs = Duration.between(call.createdAt, Instant.now()).toMillis();
                    return call;
                });
    }

    private static ProviderCall call(JobMessage job, String provider, String model) {
        ProviderCall call = new ProviderCall();
        call.id = UUID.randomUUID();
        call.jobId = job.jobId();
        call.userId = job.userId();
        call.attempt = job.attempt();
        call.provider = provider;
        call.model = model;
        call.createdAt = Instant.now();
        return call;
    }
}
