package dev.imagegen.chat.message;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<ChatMessage, UUID> {

    /** Page 1 holds the newest messages; each page lists oldest first, as a chat shows them. */
    Uni<List<ChatMessage>> page(UUID threadId, int page, int size) {
        return find("threadId", Sort.descending("position"), threadId).page(Page.of(page - 1, size)).list()
                .map(newestFirst -> {
                    List<ChatMessage> oldestFirst = new ArrayList<>(newestFirst);
                    Collections.reverse(oldestFirst);
                    return oldestFirst;
                });
    }

    Uni<Long> countIn(UUID threadId) {
        return count("threadId", threadId);
    }

    /** Locked for the transaction: replicas handling two events of one job apply them one after the other. */
    Uni<ChatMessage> findByTaskForUpdate(UUID taskId) {
        return find("taskId", taskId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
