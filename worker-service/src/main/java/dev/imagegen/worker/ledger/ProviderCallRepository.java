package dev.imagegen.worker.ledger;

import dev.imagegen.common.events.JobMessage;
import dev.imagegen.worker.provider.GeneratedImage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class ProviderCallRepository implements PanacheRepositoryBase<ProviderCall, UUID> {

    /** The call that already produced this job's image, or null. */
    @WithSession
    public Uni<ProviderCall> findSucceeded(UUID jobId) {
        return find("jobId = ?1 and outcome = ?2 order by createdAt desc", jobId, ProviderCall.SUCCEEDED)
                .firstResult();
    }

    @WithTransaction
    public Uni<ProviderCall> recordSuccess(JobMessage job, String provider, GeneratedImage result,
            Duration duration) {
        ProviderCall call = call(job, provider, result.model(), duration);
        call.outcome = ProviderCall.SUCCEEDED;
        call.revisedPrompt = result.revisedPrompt();
        call.cost = result.cost();
        call.images = result.images().size();
        call.contentType = result.contentType();
        call.size = result.size();
        call.quality = result.quality();
        call.usage(result.usage());
        return persist(call);
    }

    @WithTransaction
    public Uni<ProviderCall> recordFailure(JobMessage job, String provider, String model, String errorCode,
            Duration duration) {
        ProviderCall call = call(job, provider, model, duration);
        call.outcome = ProviderCall.FAILED;
        call.errorCode = errorCode;
        call.cost = BigDecimal.ZERO;
        return persist(call);
    }

    private static ProviderCall call(JobMessage job, String provider, String model, Duration duration) {
        ProviderCall call = new ProviderCall();
        call.id = UUID.randomUUID();
        call.jobId = job.jobId();
        call.userId = job.userId();
        call.attempt = job.attempt();
        call.provider = provider;
        call.model = model;
        call.durationMs = duration.toMillis();
        call.createdAt = Instant.now();
        return call;
    }
}
