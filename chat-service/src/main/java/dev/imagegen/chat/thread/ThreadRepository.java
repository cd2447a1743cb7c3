package dev.imagegen.chat.thread;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ThreadRepository implements PanacheRepositoryBase<ChatThread, UUID> {

    /** The user's threads, most recently active first. */
    public Uni<List<ChatThread>> listOwned(UUID userId, int page, int size) {
        return find("userId", Sort.descending("updatedAt").and("id"), userId).page(Page.of(page - 1, size)).list();
    }

    public Uni<Long> countOwned(UUID userId) {
        return count("userId", userId);
    }

    /** The thread if the user owns it; another user's thread is as absent as a missing one. */
    public Uni<ChatThread> findOwned(UUID userId, UUID threadId) {
        return find("id = ?1 and userId = ?2", threadId, userId).firstResult();
    }
}
