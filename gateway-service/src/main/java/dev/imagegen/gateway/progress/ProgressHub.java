package dev.imagegen.gateway.progress;

import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The open progress connections of this replica, by connection and by user. */
@ApplicationScoped
public class ProgressHub {

    private final Map<String, ProgressSubscriber> byConnection = new ConcurrentHashMap<>();
    private final Map<UUID, Set<ProgressSubscriber>> byUser = new ConcurrentHashMap<>();
    private final int capacity;

    public ProgressHub(ProgressConfig config) {
        this.capacity = config.sendQueueCapacity();
    }

    /** Registers a connection; with {@code replayFirst} its replay begins before any live event can reach it. */
    ProgressSubscriber join(WebSocketConnection connection, UUID userId, boolean replayFirst) {
        ProgressSubscriber subscriber = new ProgressSubscriber(connection, userId, capacity);
        if (replayFirst) {
            subscriber.beginReplay();
        }
        byConnection.put(connection.id(), subscriber);
        byUser.compute(userId, (user, subscribers) -> {
            Set<ProgressSubscriber> set = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
            set.add(subscriber);
            return set;
        });
        return subscriber;
    }

    void leave(WebSocketConnection connection) {
        ProgressSubscriber subscriber = byConnection.remove(connection.id());
        if (subscriber == null) {
            return;
        }
        subscriber.markClosed();
        byUser.computeIfPresent(subscriber.userId(), (user, subscribers) -> {
            subscribers.remove(subscriber);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    ProgressSubscriber find(WebSocketConnection connection) {
        return byConnection.get(connection.id());
    }

    boolean isListening(UUID userId) {
        return byUser.containsKey(userId);
    }

    /** A chat change: outside the job event sequence, so it skips the resume bookkeeping. */
    void dispatchChat(UUID userId, String json) {
        Set<ProgressSubscriber> subscribers = byUser.get(userId);
        if (subscribers != null) {
            subscribers.forEach(subscriber -> subscriber.control(json));
        }
    }

    void dispatch(UUID userId, ProgressSubscriber.Outgoing event) {
        Set<ProgressSubscriber> subscribers = byUser.get(userId);
        if (subscribers != null) {
            subscribers.forEach(subscriber -> subscriber.live(event));
        }
    }
}
