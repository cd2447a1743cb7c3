package dev.imagegen.chat.thread;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A conversation of one user; untitled until its first message names it. */
@Entity
@Table(name = "threads")
public class ChatThread extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "user_id", nullable = false)
    public UUID userId;
    public String title;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    static ChatThread open(UUID userId, String title) {
        ChatThread thread = new ChatThread();
        thread.id = UUID.randomUUID();
        thread.userId = userId;
        thread.title = title;
        thread.createdAt = Instant.now();
        thread.updatedAt = thread.createdAt;
        return thread;
    }
}
