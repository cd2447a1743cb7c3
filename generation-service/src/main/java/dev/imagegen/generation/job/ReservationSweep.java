package dev.imagegen.generation.job;

import dev.imagegen.common.problem.StoreFailures;
import dev.imagegen.generation.quota.LedgerMetrics;
import dev.imagegen.generation.quota.QuotaLedger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reclaims reservations whose job never settled nor failed (a lost message, a worker gone for good), so they do
 * not hold a user's limits forever, and refreshes the outstanding-reservations gauge. Every replica runs it; the
 * ledger's row locks keep them from releasing one reservation twice.
 */
@ApplicationScoped
public class ReservationSweep {

    static final int BATCH = 500;

    private final JobService jobs;
    private final QuotaLedger ledger;
    private final LedgerMetrics metrics;

    public ReservationSweep(JobService jobs, QuotaLedger ledger, LedgerMetrics metrics) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    @Scheduled(every = "{imagegen.quota.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sweep() {
        return jobs.expireReservations(BATCH)
                .chain(() -> Panache.withSession(ledger::outstanding))
                .invoke(metrics::outstanding)
                .replaceWithVoid()
                .onFailure(StoreFailures::unavailable).recoverWithItem(failure -> {
                    Log.warnf("Reservations not swept: a store is unavailable (%s)", failure.getMessage());
                    return null;
                });
    }
}
