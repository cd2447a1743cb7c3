package dev.imagegen.chat.thread;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

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
}
