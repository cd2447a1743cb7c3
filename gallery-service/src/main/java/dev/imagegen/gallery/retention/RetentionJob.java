package dev.imagegen.gallery.retention;

import dev.imagegen.gallery.GalleryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes images older than {@code AUTO_CLEANUP_DAYS}, except favourites and images in a collection. Each run
 * first counts what is due (gauge {@code gallery.retention.due} and the log), then deletes it unless dry-run.
 */
@ApplicationScoped
public class RetentionJob {

    private static final String DUE = " from gallery.images i where i.created_at < $1 and not i.favorite"
            + " and not exists (select 1 from gallery.collection_images m where m.image_id = i.id)";

    private final Pool pool;
    private final GalleryConfig config;
    private final AtomicLong due = new AtomicLong();
    private final Counter deleted;

    RetentionJob(Pool pool, GalleryConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.config = config;
        metrics.gauge("gallery.retention.due", due);
        this.deleted = Counter.builder("gallery.retention.deleted").description("Images deleted by retention")
                .register(metrics);
    }

    @Scheduled(every = "${imagegen.gallery.cleanup-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (config.cleanupDays() == 0) {
            return Uni.createFrom().voidItem();
        }
        return sweep(Instant.now()).replaceWithVoid();
    }

    /** One run as of {@code now}; answers how many images were due. */
    public Uni<Long> sweep(Instant now) {
        Tuple cutoff = Tuple.of(now.minus(Duration.ofDays(config.cleanupDays())).atOffset(ZoneOffset.UTC));
        return pool.preparedQuery("select count(*)" + DUE).execute(cutoff)
                .map(rows -> rows.iterator().next().getLong(0))
                .invoke(count -> {
                    due.set(count);
                    Log.infof("Retention: %d images older than %d days are due%s", count, config.cleanupDays(),
                            config.cleanupDryRun() ? " (dry run: none deleted)" : "");
                })
                .call(count -> count == 0 || config.cleanupDryRun() ? Uni.createFrom().voidItem()
                        : pool.preparedQuery("delete" + DUE).execute(cutoff)
                                .invoke(rows -> {
                                    deleted.increment(rows.rowCount());
                                    Log.infof("Retention: deleted %d images", rows.rowCount());
                                }));
    }
}
