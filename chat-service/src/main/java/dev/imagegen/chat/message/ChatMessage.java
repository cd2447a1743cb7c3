package dev.imagegen.chat.message;

import dev.imagegen.chat.thread.ChatThread;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.StoredImagesConverter;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One message of a thread; an /image reply also follows its generation job to the image or the failure. */
@Entity
@Table(name = "messages")
public class ChatMessage extends PanacheEntityBase {

    static final String USER = "user";
    static final String ASSISTANT = "assistant";
    static final String PENDING = "pending";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    @Id
    public UUID id;
    /** Assigned by the database at insert; orders messages posted in the same instant. */
    @Column(insertable = false, updatable = false)
    public Long position;
    @Column(name = "thread_id", nullable = false)
    public UUID threadId;
    @Column(name = "user_id", nullable = false)
    public UUID userId;
    @Column(nullable = false)
    public String role;
    @Column(nullable = false)
    public String content;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Column(name = "task_id")
    public UUID taskId;
    public String prompt;
    public String status;
    public String stage;
    public Integer progress;
    @Column(name = "last_seq")
    public Integer lastSeq;
    @Column(name = "image_id")
    public UUID imageId;
    @Column(name = "image_url")
    public String imageUrl;
    @Column(name = "thumbnail_url")
    public String thumbnailUrl;
    /** Every image of a job that made several, in order (the first is also in imageId…); null for one. */
    @Convert(converter = StoredImagesConverter.class)
    public List<JobEvent.StoredImage> images;
    @Column(name = "revised_prompt")
    public String revisedPrompt;
    @Column(name = "image_size")
    public String imageSize;
    public BigDecimal cost;
    @Column(name = "error_code")
    public String errorCode;

    static ChatMessage user(ChatThread thread, String content) {
        return create(thread, USER, content);
    }

    static ChatMessage assistant(ChatThread thread, String content) {
        return create(thread, ASSISTANT, content);
    }

    /** The reply posted at once for {@code /image}; it becomes the images or the reason there are none. */
    static ChatMessage generating(ChatThread thread, String prompt, int images) {
        String what = images > 1 ? images + " images" : "image";
        ChatMessage message = create(thread, ASSISTANT, "🎨 Generating " + what + ": \"" + prompt + "\"");
        message.prompt = prompt;
        message.status = PENDING;
        message.stage = "submitting";
        message.progress = 0;
        return message;
    }

    /** A job's result that reached a thread without a reply to update, e.g. asked for through the API. */
    static ChatMessage result(UUID userId, UUID threadId, JobEvent event) {
        ChatMessage message = new ChatMessage();
        message.id = UUID.randomUUID();
        message.threadId = threadId;
        message.userId = userId;
        message.role = ASSISTANT;
        message.createdAt = Instant.now();
        message.updatedAt = message.createdAt;
        message.taskId = event.jobId();
        message.prompt = event.originalPrompt() != null ? event.originalPrompt() : event.revisedPrompt();
        message.status = PENDING;
        message.content = "🎨 Generating image";
        message.apply(event);
        return message;
    }

    private static ChatMessage create(ChatThread thread, String role, String content) {
        ChatMessage message = new ChatMessage();
        message.id = UUID.randomUUID();
        message.threadId = thread.id;
        message.userId = thread.userId;
        message.role = role;
        message.content = content;
        message.createdAt = Instant.now();
        message.updatedAt = message.createdAt;
        return message;
    }

    void linkTask(UUID taskId) {
        this.taskId = taskId;
        this.stage = "queued";
        this.updatedAt = Instant.now();
    }

    /**
     * Applies one event of this message's job; false when it changes nothing (a replay, a redelivery, or
     * anything after the job ended), so handling an event twice never changes the thread twice.
     */
    boolean apply(JobEvent event) {
        if (!PENDING.equals(status) || (lastSeq != null && event.seq() <= lastSeq)) {
            return false;
        }
        lastSeq = event.seq();
        switch (event.type()) {
            case QUEUED, STARTED, PROGRESS, GENERATED -> {
                stage = event.stage();
                progress = event.progress();
                if (event.revisedPrompt() != null) {
                    revisedPrompt = event.revisedPrompt();
                    imageSize = event.size();
                    cost = event.cost();
                }
            }
            case STORED -> {
                status = COMPLETED;
                stage = event.stage();
                progress = 100;
                List<JobEvent.StoredImage> stored = event.allImages();
                imageId = event.imageId();
                imageUrl = event.imageUrl();
                thumbnailUrl = event.thumbnailUrl();
                images = stored.size() > 1 ? stored : null;
                revisedPrompt = event.revisedPrompt();
                imageSize = event.size();
                cost = event.cost();
                String shown = "\"" + (prompt != null ? prompt : revisedPrompt) + "\"";
                content = stored.size() > 1 ? "🖼️ Here are your " + stored.size() + " images: " + shown
                        : "🖼️ Here is your image: " + shown;
            }
            case FAILED -> fail(event.code(), event.message());
            case CANCELLED -> fail("cancelled", "the generation was cancelled");
        }
        updatedAt = Instant.now();
        return true;
    }

    /** The job failed, or generation-service refused it (validation, content policy, quota…): say why. */
    void fail(String code, String reason) {
        status = FAILED;
        stage = "failed";
        errorCode = code;
        content = "⚠️ The image could not be generated: " + reason;
        updatedAt = Instant.now();
    }
}
