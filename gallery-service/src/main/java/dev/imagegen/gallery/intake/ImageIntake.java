package dev.imagegen.gallery.intake;

import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
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
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;

import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Stores the image of each {@code generated} event and announces it with {@code stored}. Idempotent: the job
 * id is unique in the table, so a redelivered event re-announces the image it already produced. The image of a
 * user who deleted their account meanwhile is dropped.
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
        return Panache.withSession(() -> images.findIdByJobId(event.jobId()))
                .chain(existing -> existing != null ? announce(event, existing) : claim(event));
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
        String key = event.claimKey();
        if (key == null) {
            return expired(event);
        }
        // STRLEN first, so an oversized image is refused without pulling it into memory.
        return claims.strlen(key).chain(length -> {
            if (length == 0) {
                return expired(event);
            }
            if (length > maxBytes) {
                return fail(event, "image_too_large", "The image has " + length + " bytes; the gallery stores at most "
                        + maxBytes, false).call(() -> keys.del(key));
            }
            return claims.get(key).chain(bytes -> bytes == null ? expired(event) : store(event, bytes));
        });
    }

    private Uni<Void> store(JobEvent event, byte[] bytes) {
        return vertx.executeBlocking(() -> processor.process(bytes), false)
                .onItemOrFailure().transformToUni((image, failure) -> {
                    if (failure instanceof RejectedImageException rejected) {
                        return fail(event, rejected.code(), rejected.getMessage(), false)
                                .call(() -> keys.del(event.claimKey()));
                    }
                    if (failure != null) {
                        return Uni.createFrom().failure(failure);
                    }
                    ImageRecord record = record(event, bytes, image);
                    return Panache.withTransaction(() -> erasedUsers.isErased(event.userId())
                                    .chain(erased -> erased ? Uni.createFrom().<UUID>nullItem()
                                            : images.persist(record).replaceWith(record.id)))
                            .onFailure(ImageIntake::isDuplicate)
                            .recoverWithUni(() -> Panache.withSession(() -> images.findIdByJobId(event.jobId())))
                            .chain(id -> id == null ? dropped(event) : announce(event, id));
                });
    }

    private Uni<Void> announce(JobEvent event, UUID imageId) {
        JobEvent stored = JobEvent.stored(event, imageId, ImageLinks.content(imageId), ImageLinks.thumbnail(imageId));
        Uni<String> published = events.publish(stored);
        if (event.claimKey() != null) {
            published = published.call(() -> keys.del(event.claimKey()));
        }
        return published.invoke(() -> Log.infof("Job %s stored as image %s", event.jobId(), imageId)).replaceWithVoid();
    }

    /** The user deleted their account while the job ran: nobody is left to own the image. */
    private Uni<Void> dropped(JobEvent event) {
        Log.infof("Job %s: image dropped, user %s deleted their account", event.jobId(), event.userId());
        return keys.del(event.claimKey()).replaceWithVoid();
    }

    private Uni<Void> expired(JobEvent event) {
        return fail(event, "claim_expired", "The generated image expired before it could be stored", false);
    }

    private Uni<Void> fail(JobEvent event, String code, String message, boolean retryable) {
        Log.warnf("Job %s: image not stored (%s): %s", event.jobId(), code, message);
        return events.publish(JobEvent.failed(event.jobId(), event.userId(), event.threadId(), code, message,
                retryable)).replaceWithVoid();
    }

    private static ImageRecord record(JobEvent event, byte[] bytes, ProcessedImage image) {
        ImageRecord record = new ImageRecord();
        record.id = UUID.randomUUID();
        record.userId = event.userId();
        record.jobId = event.jobId();
        record.threadId = event.threadId();
        record.originalPrompt = event.originalPrompt();
        record.revisedPrompt = event.revisedPrompt();
        record.model = event.model();
        record.size = event.size();
        record.quality = event.quality();
        record.style = event.style();
        record.cost = event.cost();
        record.content = bytes;
        record.contentType = image.contentType();
        record.width = image.width();
        record.height = image.height();
        record.byteSize = bytes.length;
        record.thumbnail = image.thumbnail();
        record.thumbnailType = image.thumbnailType();
        record.createdAt = Instant.now();
        return record;
    }

    /** Another delivery of the same event stored the job's image first. */
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
