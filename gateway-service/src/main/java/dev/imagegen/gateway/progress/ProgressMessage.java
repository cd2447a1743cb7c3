package dev.imagegen.gateway.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.events.ChatEvent;
import dev.imagegen.common.events.JobEvent;

import java.util.List;
import java.util.UUID;

/**
 * What a WebSocket client receives: one job event in the public API's terms ({@code status} is
 * pending, completed or failed as in the task status endpoint), a {@code chat.message} (a message of one of
 * the user's threads, as {@code GET /chat/threads/{id}/messages} shows it), or a control message
 * ({@code resync}, {@code error}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressMessage(
        String type,
        UUID taskId,
        UUID threadId,
        String status,
        String stage,
        Integer progress,
        Integer seq,
        String eventId,
        UUID imageId,
        String imageUrl,
        String thumbnailUrl,
        String revisedPrompt,
        Error error,
        JsonNode message,
        // stored: every image of a job that made several, in order (image_id and its urls are the first)
        List<JobEvent.StoredImage> images) {

    public static final String RESYNC = "resync";

    public record Error(String code, String message) {
    }

    static ProgressMessage of(JobEvent event, String eventId) {
        Error error = event.code() == null ? null : new Error(event.code(), event.message());
        return new ProgressMessage(event.type().wireName(), event.jobId(), event.threadId(), status(event), event.stage(),
                event.progress(), event.seq(), eventId, event.imageId(), event.imageUrl(), event.thumbnailUrl(),
                event.revisedPrompt(), error, null, event.images());
    }

    static ProgressMessage chat(ChatEvent event) {
        return new ProgressMessage(event.type(), null, event.threadId(), null, null, null, null, null, null, null,
                null, null, null, event.message(), null);
    }

    /** Some events the client asked for are gone (trimmed or too many): it should re-read its tasks' status. */
    static ProgressMessage resync(String detail) {
        return control(RESYNC, new Error("resync", detail));
    }

    static ProgressMessage invalid(String detail) {
        return control("error", new Error("invalid_message", detail));
    }

    private static ProgressMessage control(String type, Error error) {
        return new ProgressMessage(type, null, null, null, null, null, null, null, null, null, null, null, error,
                null, null);
    }

    private static String status(JobEvent event) {
        return switch (event.type()) {
            case QUEUED, STARTED, PROGRESS, GENERATED -> "pending";
            case STORED -> "completed";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }
}
