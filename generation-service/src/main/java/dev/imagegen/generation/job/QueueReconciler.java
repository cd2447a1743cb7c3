package dev.imagegen.generation.job;

import dev.imagegen.common.problem.StoreFailures;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox's other half: a job is committed before it is written to the jobs stream, so a replica that dies (or
 * loses Redis) in between leaves a job no worker will see. Every replica looks for such jobs and queues them;
 * the rows' locks keep two replicas from queueing one job at once.
 */
@ApplicationScoped
public class QueueReconciler {

    private final JobService jobs;
    private final OutboxConfig config;

    public QueueReconciler(JobService jobs, OutboxConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    @Scheduled(every = "{imagegen.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> requeue() {
        return jobs.requeueLost(config.batch()).replaceWithVoid()
                // an outage is not a bug: one line per run until it ends, the next run catches up
                .onFailure(StoreFailures::unavailable).recoverWithItem(failure -> {
                    Log.warnf("Lost jobs not looked for: a store is unavailable (%s)", failure.getMessage());
                    return null;
                });
    }
}
