package dev.imagegen.chat.thread;

import dev.imagegen.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class ThreadService {

    private final ThreadRepository threads;

    public ThreadService(ThreadRepository threads) {
        this.threads = threads;
    }

    @WithTransaction
    public Uni<ThreadView> open(UUID userId, String title) {
        String cleaned = title == null || title.isBlank() ? null : title.strip();
        return threads.persist(ChatThread.open(userId, cleaned)).map(ThreadView::of);
    }

    @WithSession
    public Uni<ThreadView.Page> list(UUID userId, int page, int size) {
        return threads.listOwned(userId, page, size)
                .chain(items -> threads.countOwned(userId).map(total -> new ThreadView.Page(
                        items.stream().map(ThreadView::of).toList(), page, size, total)));
    }

    @WithSession
    public Uni<ThreadView> get(UUID userId, UUID threadId) {
        return owned(userId, threadId).map(ThreadView::of);
    }

    @WithTransaction
    public Uni<ThreadView> rename(UUID userId, UUID threadId, String title) {
        return owned(userId, threadId).map(thread -> {
            thread.title = title.strip();
            thread.updatedAt = Instant.now();
            return ThreadView.of(thread);
        });
    }

    /** Deletes the thread and, by cascade, its messages; the images it produced stay in the gallery. */
    @WithTransaction
    public Uni<Void> delete(UUID userId, UUID threadId) {
        return owned(userId, threadId).chain(threads::delete);
    }

    private Uni<ChatThread> owned(UUID userId, UUID threadId) {
        return threads.findOwned(userId, threadId).onItem().ifNull().failWith(() -> ProblemException.notFound("Thread"));
    }
}
