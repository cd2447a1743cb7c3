package dev.imagegen.gallery.intake;

import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.gallery.GalleryConfig;
import dev.imagegen.gallery.account.ErasedUsers;
import dev.imagegen.gallery.image.ImageLinks;
import dev.imagegen.gallery.image.ImageRecord;
import dev.imagegen.gallery.image.ImageRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Stores the images of each {@code generated} event, all of a job in one transaction, and announces them with
 * one {@code stored} event. Idempotent: (job id, image index) is unique in the table, so a redelivered event
 * re-announces the images it already produced. The images of a user who deleted their account meanwhile are
 * dropped.
 */
@ApplicationScoped
public class ImageIntake {

    private static final String UNIQUE_VIOLATION = "23505";

    private final ImageRepository images;
    private final ErasedUsers erasedUsers;
    private final ImageProcessor processor;
    private final EventPublisher events;
    private final ReactiveValueCommands<String, byte[]> claims;
    private final ReactiveKeyCommands<String> keys;
    private final Vertx vertx;
    private final long maxBytes;

    ImageIntake(ImageRepository images, ErasedUsers erasedUsers, ImageProcessor processor, EventPublisher events,
            ReactiveRedisDataSource redis, Vertx vertx, GalleryConfig config) {
        this.images = images;
        this.erasedUsers = erasedUsers;
        this.processor = processor;
        this.events = events;
        this.claims = redis.value(byte[].class);
        this.keys = redis.key();
        this.vertx = vertx;
        this.maxBytes = config.maxImageBytes();
    }

    public Uni<Void> handle(JobEvent event) {
        if (event.type() != EventType.GENERATED) {
            return Uni.createFrom().voidItem();
        }
        // A job's images commit together: one stored image means all of them are.
        return storedImages(event).chain(existing -> existing.isEmpty() ? claim(event) : announce(event, existing));
    }

    /** Called once the stream runner gave up on an event, so the job ends instead of waiting forever. */
    public Uni<Void> givenUp(JobEvent event, int deliveries) {
        if (event.type() != EventType.GENERATED) {
            return Uni.createFrom().voidItem();
        }
        return fail(event, "storage_failed", "The gallery could not store the image after " + deliveries
                + " attempts", true);
    }

    private Uni<Void> claim(JobEvent event) {
        List<String> claimKeys = event.allClaimKeys();
        Uni<List<ImageRecord>> records = claimKeys.isEmpty()
                ? Uni.createFrom().failure(RejectedImageException.expired())
                : checkLengths(claimKeys).chain(() -> load(event, claimKeys));
        return records.onItemOrFailure().transformToUni((loaded, failure) -> {
            if (failure instanceof RejectedImageException rejected) {
                return rejected(event, rejected);
            }
            return failure != null ? Uni.createFrom().failure(failure) : store(event, loaded);
        });
    }

    /** STRLEN of every image first, so an oversized or missing one ends the job before any is pulled into memory. */
    private Uni<Void> checkLengths(List<String> claimKeys) {
        int count = claimKeys.size();
        return Multi.createFrom().range(0, count)
                .onItem().transformToUniAndConcatenate(index -> claims.strlen(claimKeys.get(index)).invoke(length -> {
                    if (length == 0) {
                        throw RejectedImageException.expired().of(index, count);
                    }
                    if (length > maxBytes) {
                        throw new RejectedImageException("image_too_large", "The image has " + length
                                + " bytes; the gallery stores at most " + maxBytes).of(index, count);
                    }
                }))
                .collect().last().replaceWithVoid();
    }

    /** Reads and processes the images one after another, so only one is decoded at a time. */
    private Uni<List<ImageRecord>> load(JobEvent event, List<String> claimKeys) {
        int count = claimKeys.size();
        return Multi.createFrom().range(0, count)
                .onItem().transformToUniAndConcatenate(index -> claims.get(claimKeys.get(index))
                        .chain(bytes -> {
                            if (bytes == null) {
                                throw RejectedImageException.expired();
                            }
                            return vertx.executeBlocking(() -> record(event, index, count, bytes,
                                    processor.process(bytes)), false);
                        })
                        .onFailure(RejectedImageException.class)
                        .transform(failure -> ((RejectedImageException) failure).of(index, count)))
                .collect().asList();
    }

    private Uni<Void> store(JobEvent event, List<ImageRecord> records) {
        List<UUID> ids = records.stream().map(record -> record.id).toList();
        return Panache.withTransaction(() -> erasedUsers.isErased(event.userId())
                        .chain(erased -> erased ? Uni.createFrom().<List<UUID>>nullItem()
                                : images.persist(records).replaceWith(ids)))
                .onFailure(ImageIntake::isDuplicate).recoverWithUni(() -> storedImages(event))
                .chain(stored -> stored == null ? dropped(event) : announce(event, stored));
    }

    /**
     * An image the job cannot have ends it with {@code failed}; its claims are of no use any more. A claim that is
     * gone may have been taken by another delivery of the same event that stored the images meanwhile.
     */
    private Uni<Void> rejected(JobEvent event, RejectedImageException rejected) {
        Uni<List<UUID>> stored = rejected.code().equals(RejectedImageException.CLAIM_EXPIRED) ? storedImages(event)
                : Uni.createFrom().item(List.of());
        return stored.chain(ids -> ids.isEmpty()
                ? fail(event, rejected.code(), rejected.getMessage(), false).call(() -> discardClaims(event))
                : announce(event, ids));
    }

    private Uni<List<UUID>> storedImages(JobEvent event) {
        return Panache.withSession(() -> images.findIdsByJobId(event.jobId()));
    }

    private Uni<Void> announce(JobEvent event, List<UUID> ids) {
        List<JobEvent.StoredImage> stored = ids.stream()
                .map(id -> new JobEvent.StoredImage(id, ImageLinks.content(id), ImageLinks.thumbnail(id))).toList();
        return events.publish(JobEvent.stored(event, stored))
                .call(() -> discardClaims(event))
                .invoke(() -> Log.infof("Job %s stored as %d image(s) %s", event.jobId(), ids.size(), ids))
                .replaceWithVoid();
    }

    /** The user deleted their account while the job ran: nobody is left to own the images. */
    private Uni<Void> dropped(JobEvent event) {
        Log.infof("Job %s: image dropped, user %s deleted their account", event.jobId(), event.userId());
        return discardClaims(event);
    }

    private Uni<Void> discardClaims(JobEvent event) {
        List<String> claimKeys = event.allClaimKeys();
        return claimKeys.isEmpty() ? Uni.createFrom().voidItem()
                : keys.del(claimKeys.toArray(String[]::new)).replaceWithVoid();
    }

    private Uni<Void> fail(JobEvent event, String code, String message, boolean retryable) {
        Log.warnf("Job %s: image not stored (%s): %s", event.jobId(), code, message);
        return events.publish(JobEvent.failed(event.jobId(), event.userId(), event.threadId(), code, message,
                retryable)).replaceWithVoid();
    }

    private static ImageRecord record(JobEvent event, int index, int count, byte[] bytes, ProcessedImage image) {
        ImageRecord record = new ImageRecord();
        record.id = UUID.randomUUID();
        record.userId = event.userId();
        record.jobId = event.jobId();
        record.imageIndex = index;
        record.threadId = event.threadId();
        record.originalPrompt = event.originalPrompt();
        record.revisedPrompt = event.revisedPrompt();
        record.model = event.model();
        record.requestedModel = event.requestedModel();
        // What the provider rendered, which is what "auto" became.
        record.size = event.size();
        record.quality = event.quality();
        record.style = event.style();
        record.background = event.background();
        record.cost = costShare(event.cost(), index, count);
        record.content = bytes;
        // From the bytes, not the event: the gallery serves what it actually holds.
        record.contentType = image.contentType();
        record.width = image.width();
        record.height = image.height();
        record.byteSize = bytes.length;
        record.thumbnail = image.thumbnail();
        record.thumbnailType = image.thumbnailType();
        record.createdAt = Instant.now();
        return record;
    }

    /**
     * The job's cost split evenly over its images, the rounding remainder on the first, so a gallery's costs add
     * up to what was paid.
     */
    private static BigDecimal costShare(BigDecimal cost, int index, int count) {
        if (cost == null || count == 1) {
            return cost;
        }
        BigDecimal each = cost.divide(BigDecimal.valueOf(count), ModelProfiles.COST_SCALE, RoundingMode.DOWN);
        return index == 0 ? cost.subtract(each.multiply(BigDecimal.valueOf(count - 1L))) : each;
    }

    /** Another delivery of the same event stored the job's images first. */
    private static boolean isDuplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException
                    || t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    || t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
