package dev.imagegen.worker.job;

import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.worker.WorkerConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * One lease per job in Redis ({@code <prefix>:worker:lease:<job_id>}, {@code SET NX PX}), shared by every worker:
 * only its holder calls the provider for the job, so a second entry of the same job (a duplicated enqueue, or an
 * entry claimed from a worker that only stalled) never makes a second call while the first is running. The holder
 * renews it three times per time to live ({@code imagegen.worker.lease-ttl}, by default {@code claim-idle}); a worker
 * that dies leaves it to expire about when its stream entry is claimed by another worker.
 */
@ApplicationScoped
public class JobLeases {

    /** Renews only the holder's lease: a lease that expired and was taken by another worker stays theirs. */
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """;

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final ReactiveRedisDataSource redis;
    private final String prefix;
    private final Duration ttl;

    public JobLeases(ReactiveRedisDataSource redis, StreamsConfig streams, WorkerConfig config) {
        this.redis = redis;
        this.prefix = streams.prefix();
        this.ttl = config.leaseTtl().orElse(streams.claimIdle());
    }

    /** How long a lease lives without renewal. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * The job's lease, once no other worker holds it: polled until then, for at most {@code wait}. Fails with
     * {@link Busy} after that, so the entry stays pending and is delivered again.
     */
    public Uni<Lease> acquire(UUID jobId, Duration wait) {
        String key = prefix + ":worker:lease:" + jobId;
        String token = UUID.randomUUID().toString();
        Duration poll = ttl.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0 ? ttl.dividedBy(4)
                : Duration.ofSeconds(1);
        return Uni.createFrom()
                .deferred(() -> redis.execute("SET", key, token, "NX", "PX", String.valueOf(ttl.toMillis())))
                .onItem().transformToUni(set -> set != null
                        ? Uni.createFrom().item(new Lease(key, token))
                        : Uni.createFrom().<Lease> failure(new Busy(jobId)))
                .onFailure(Busy.class).retry().withBackOff(poll, poll).withJitter(0.2).expireIn(wait.toMillis())
                .invoke(Lease::keepRenewed);
    }

    /** Another worker holds the job's lease (it is making the call). */
    public static final class Busy extends IllegalStateException {
        Busy(UUID jobId) {
            super("job " + jobId + " is being handled by another worker");
        }
    }

    /** A job's lease, renewed until released. */
    public final class Lease {

        private final String key;
        private final String token;
        private volatile boolean lost;
        private volatile Cancellable renewal;

        private Lease(String key, String token) {
            this.key = key;
            this.token = token;
        }

        /** False once a renewal found the lease gone (this worker stalled past its life): another may hold it. */
        public boolean held() {
            return !lost;
        }

        private void keepRenewed() {
            renewal = Multi.createFrom().ticks().every(ttl.dividedBy(3))
                    .onItem().transformToUniAndConcatenate(tick -> redis.execute("EVAL", RENEW, "1", key, token,
                            String.valueOf(ttl.toMillis())))
                    .subscribe().with(renewed -> {
                        if (renewed == null || renewed.toLong() == 0) {
                            lost = true;
                            Log.warnf("Lost the lease %s: another worker may be handling the job", key);
                        }
                    }, failure -> Log.debugf("Renewing lease %s failed: %s", key, failure.getMessage()));
        }

        /** Stops renewing and frees the lease for the job's next entry, if it is still this worker's. */
        public Uni<Void> release() {
            Cancellable renewing = renewal;
            if (renewing != null) {
                renewing.cancel();
            }
            return redis.execute("EVAL", RELEASE, "1", key, token).replaceWithVoid()
                    .onFailure().recoverWithItem(failure -> {
                        Log.debugf("Releasing lease %s failed; it expires: %s", key, failure.getMessage());
                        return null;
                    });
        }
    }
}
