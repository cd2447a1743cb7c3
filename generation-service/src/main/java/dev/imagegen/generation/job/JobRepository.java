package dev.imagegen.generation.job;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID> {

    /** Jobs accepted but not yet written to the jobs stream, still waiting for a worker. */
    private static final String UNENQUEUED = "SELECT * FROM generation.jobs WHERE enqueued_at IS NULL"
            + " AND status = 'QUEUED'";

    /** The job if it belongs to the user; null otherwise, so a stranger cannot tell it exists. */
    public Uni<Job> findOwned(UUID jobId, UUID userId) {
        return find("id = ?1 and userId = ?2", jobId, userId).firstResult();
    }

    /** The job, its row locked until the transaction ends, so events of one job are applied one at a time. */
    public Uni<Job> lock(UUID jobId) {
        return findById(jobId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The job, locked, if it still needs writing to the jobs stream; null when it was written, or when another
     * transaction (a replica's reconciler, the submit itself) is writing it right now.
     */
    public Uni<Job> lockUnenqueued(UUID jobId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UNENQUEUED
                + " AND id = ?1 FOR UPDATE SKIP LOCKED", Job.class).setParameter(1, jobId).getResultList())
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    /** Up to {@code batch} jobs accepted before {@code cutoff} and never written to the jobs stream, locked. */
    public Uni<List<Job>> lockUnenqueued(Instant cutoff, int batch) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UNENQUEUED
                + " AND created_at < ?1 ORDER BY created_at LIMIT ?2 FOR UPDATE SKIP LOCKED", Job.class)
                .setParameter(1, cutoff.atOffset(ZoneOffset.UTC)).setParameter(2, batch).getResultList());
    }

    /** How many accepted jobs wait to be written to the jobs stream. */
    public Uni<Long> unenqueued() {
        return count("enqueuedAt is null and status = ?1", JobStatus.QUEUED);
    }
}
