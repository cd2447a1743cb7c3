package dev.imagegen.chat.thread;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ThreadView(UUID id, String title, Instant createdAt, Instant updatedAt) {

    static ThreadView of(ChatThread thread) {
        return new ThreadView(thread.id, thread.title, thread.createdAt, thread.updatedAt);
    }

    /** One page of threads, with the total so clients can page. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Page(List<ThreadView> items, int page, int size, long total) {
    }
}
