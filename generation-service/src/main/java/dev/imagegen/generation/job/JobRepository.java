package dev.imagegen.generation.job;

import dev.imagegen.common.events.JobEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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

    /**
     * A {@code started} or {@code progress} event, applied as {@link Job#apply} would (forwards only, never to an
     * ended job) in one statement: the row is neither loaded nor locked beyond the update itself.
     *
     * @return whether the job changed
     */
    @WithTransaction
    public Uni<Boolean> running(JobEvent event, Instant now) {
        String sql = "UPDATE generation.jobs SET status = 'RUNNING', last_seq = :seq, updated_at = :now"
                + (event.stage() != null ? ", stage = :stage" : "") + (event.progress() != null ? ", progress = :progress" : "")
                + " WHERE id = :id AND user_id = :user AND last_seq < :seq"
                + " AND status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')";
        return Panache.getSession().chain(session -> {
            var update = session.createNativeQuery(sql).setParameter("id", event.jobId())
                    .setParameter("user", event.userId()).setParameter("seq", event.seq())
                    .setParameter("now", now.atOffset(ZoneOffset.UTC));
            if (event.stage() != null) {
                update.setParameter("stage", event.stage());
            }
            if (event.progress() != null) {
                update.setParameter("progress", event.progress());
            }
            return update.executeUpdate();
        }).map(changed -> changed > 0);
    }

    /**
     * Marks a job written to the jobs stream, if no one had: the update holds the row's lock until the transaction
     * ends, so a reconciler (which skips locked rows) never writes it too.
     *
     * @return whether this call marked it
     */
    public Uni<Boolean> markEnqueued(UUID jobId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("UPDATE generation.jobs"
                + " SET enqueued_at = :now WHERE id = :id AND enqueued_at IS NULL AND status = 'QUEUED'")
                .setParameter("id", jobId).setParameter("now", now.atOffset(ZoneOffset.UTC)).executeUpdate())
                .map(changed -> changed > 0);
    }

    /** How many accepted jobs wait to be written to the jobs stream. */
    public Uni<Long> unenqueued() {
        return count("enqueuedAt is null and status = ?1", JobStatus.QUEUED);
    }
}
