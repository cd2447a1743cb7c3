package dev.imagegen.chat.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as the chat API shows it. An /image reply carries its task's {@code status} (pending,
 * completed, failed), {@code stage} and {@code progress}, and once stored the {@code image} (the first one,
 * with the job's revised prompt, size and total cost) and, when the job made several, {@code images}: every
 * one in order.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(UUID id, UUID threadId, String role, String content, Instant createdAt,
        Instant updatedAt, UUID taskId, String status, String stage, Integer progress, ImageAttachment image,
        List<ImageLink> images, String errorCode) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImageAttachment(UUID id, String imageUrl, String thumbnailUrl, String revisedPrompt, String size,
            BigDecimal cost) {
    }

    /** One of a job's images, as the gallery serves it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImageLink(UUID id, String imageUrl, String thumbnailUrl) {
    }

    static MessageView of(ChatMessage m) {
        ImageAttachment image = m.imageId == null ? null
                : new ImageAttachment(m.imageId, m.imageUrl, m.thumbnailUrl, m.revisedPrompt, m.imageSize, m.cost);
        List<ImageLink> images = m.images == null ? null : m.images.stream()
                .map(i -> new ImageLink(i.imageId(), i.imageUrl(), i.thumbnailUrl())).toList();
        return new MessageView(m.id, m.threadId, m.role, m.content, m.createdAt, m.updatedAt, m.taskId, m.status,
                m.stage, m.progress, image, images, m.errorCode);
    }

    /** One page of a thread's messages, oldest first within the page; page 1 is the newest. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Page(List<MessageView> items, int page, int size, long total) {
    }

    /** The answer to posting: the user's message and the assistant's replies to it, if any. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Posted(MessageView message, List<MessageView> replies) {
    }
}
