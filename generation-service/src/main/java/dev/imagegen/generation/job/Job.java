package dev.imagegen.generation.job;

import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.events.StoredImagesConverter;
import dev.imagegen.common.models.ModelProfiles;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A job row: the record of one image request and how far it got. */
@Entity
@Table(name = "jobs")
public class Job extends PanacheEntityBase {

    /** Failure code of a job whose reservation the sweep released because the job never settled nor failed. */
    public static final String RESERVATION_EXPIRED = "reservation_expired";

    @Id
    public UUID id;
    @Column(name = "user_id", nullable = false)
    public UUID userId;
    @Column(name = "thread_id")
    public UUID threadId;
    @Column(nullable = false)
    public String prompt;
    @Column(nullable = false)
    public String model;
    @Column(nullable = false)
    public String size;
    public String quality;
    public String style;
    /** The shut-down model the user asked for, when {@code model} is its replacement. */
    @Column(name = "requested_model")
    public String requestedModel;
    /** Words added to the prompt in place of a style the model does not take. */
    @Column(name = "style_hint")
    public String styleHint;
    /** How many images the job makes. */
    public int n;
    public String background;
    @Column(name = "output_format")
    public String outputFormat;
    @Column(name = "output_compression")
    public Integer outputCompression;
    public String moderation;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatus status;
    @Column(nullable = false)
    public String stage;
    public int progress;
    public int attempt;
    @Column(name = "last_seq")
    public int lastSeq;
    @Column(name = "revised_prompt")
    public String revisedPrompt;
    @Column(name = "generated_model")
    public String generatedModel;
    @Column(precision = 12, scale = ModelProfiles.COST_SCALE)
    public BigDecimal cost;
    @Column(name = "image_id")
    public UUID imageId;
    @Column(name = "image_url")
    public String imageUrl;
    @Column(name = "thumbnail_url")
    public String thumbnailUrl;
    /** Every image of the job, in order (the first is {@code imageId}); null before they are stored. */
    @Column(name = "stored_images")
    @Convert(converter = StoredImagesConverter.class)
    public List<JobEvent.StoredImage> storedImages;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    /** When the job's entry was written to the jobs stream; null until then (the reconciler's outbox). */
    @Column(name = "enqueued_at")
    public Instant enqueuedAt;

    static Job accept(UUID userId, JobSpec spec) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.userId = userId;
        job.threadId = spec.threadId();
        job.prompt = spec.prompt();
        job.model = spec.model();
        job.size = spec.size();
        job.quality = spec.quality();
        job.style = spec.style();
        job.requestedModel = spec.requestedModel();
        job.styleHint = spec.styleHint();
        job.n = spec.n();
        job.background = spec.background();
        job.outputFormat = spec.outputFormat();
        job.outputCompression = spec.outputCompression();
        job.moderation = spec.moderation();
        job.status = JobStatus.QUEUED;
        job.stage = "queued";
        job.attempt = 1;
        job.createdAt = Instant.now();
        job.updatedAt = job.createdAt;
        return job;
    }

    JobMessage toMessage() {
        return new JobMessage(JobMessage.VERSION, id, userId, prompt, model, size, quality, style, threadId, createdAt,
                attempt, n, background, outputFormat, outputCompression, moderation, requestedModel, styleHint);
    }

    /** Every stored image, in order; a row stored before jobs kept all their images has its one. */
    List<JobEvent.StoredImage> images() {
        return storedImages != null ? storedImages
                : imageId == null ? List.of() : List.of(new JobEvent.StoredImage(imageId, imageUrl, thumbnailUrl));
    }

    /**
     * Moves the job on by one event, only ever forwards: events at or below the last applied seq, and any event
     * after the job ended, change nothing (the stream may deliver them again, or late). The caller holds the row
     * lock, so replicas applying events of one job at once take turns.
     *
     * @return whether the event changed the job
     */
    boolean apply(JobEvent event) {
        // a resuming image comes after the failure's seq, which says nothing about it
        boolean resuming = resumes(event);
        if (!userId.equals(event.userId()) || expiredBySweep(event)
                || !resuming && (status.isTerminal() || event.seq() <= lastSeq)) {
            return false;
        }
        switch (event.type()) {
            case STARTED, PROGRESS -> status = JobStatus.RUNNING;
            case GENERATED -> {
                status = JobStatus.GENERATED;
                errorCode = null;
                errorMessage = null;
                generated(event);
            }
            case STORED -> {
                status = JobStatus.COMPLETED;
                errorCode = null;
                errorMessage = null;
                if (generatedModel == null) {
                    // stored carries what generated did, for a job whose generated was not applied first
                    generated(event);
                }
                imageId = event.imageId();
                imageUrl = event.imageUrl();
                thumbnailUrl = event.thumbnailUrl();
                storedImages = List.copyOf(event.allImages());
            }
            case FAILED -> {
                status = JobStatus.FAILED;
                errorCode = event.code();
                errorMessage = event.message();
            }
            case CANCELLED -> status = JobStatus.CANCELLED;
            case QUEUED -> {
                return false;
            }
        }
        if (event.stage() != null) {
            stage = event.stage();
        }
        if (event.progress() != null) {
            progress = event.progress();
        }
        lastSeq = event.seq();
        updatedAt = Instant.now();
        return true;
    }

    private void generated(JobEvent event) {
        revisedPrompt = event.revisedPrompt();
        generatedModel = event.model();
        cost = event.cost() == null ? null : ModelProfiles.roundCost(event.cost());
    }

    /**
     * The image of a failed job arrived after all. Stored, it is in the user's gallery, so the job completed whatever
     * failed it; generated, it goes on only after an expired reservation (another failure already refunded it, and
     * its stored, if it comes, completes it).
     */
    private boolean resumes(JobEvent event) {
        return status == JobStatus.FAILED && (event.type() == EventType.STORED
                || event.type() == EventType.GENERATED && RESERVATION_EXPIRED.equals(errorCode));
    }

    /** The sweep wrote this failure to the row itself; its event is for the other services. */
    private static boolean expiredBySweep(JobEvent event) {
        return event.type() == EventType.FAILED && RESERVATION_EXPIRED.equals(event.code());
    }

    /** @return whether the job was still waiting, and is now failed */
    boolean expireReservation() {
        if (status.isTerminal() || status == JobStatus.GENERATED) {
            return false;
        }
        status = JobStatus.FAILED;
        stage = "failed";
        errorCode = RESERVATION_EXPIRED;
        errorMessage = "The job took too long to start or finish; its reserved cost was released. Please try again";
        updatedAt = Instant.now();
        return true;
    }
}
