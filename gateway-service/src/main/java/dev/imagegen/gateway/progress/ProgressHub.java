package dev.imagegen.gateway.progress;

import dev.imagegen.gateway.ratelimit.RateLimitConfig;
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
    private final int maxPerUser;

    public ProgressHub(ProgressConfig config, RateLimitConfig limits) {
        this.capacity = config.sendQueueCapacity();
        this.maxPerUser = limits.websocket().maxConnectionsPerUser();
    }

    /**
     * Registers a connection; with {@code replayFirst} its replay begins before any live event can reach it.
     * Answers {@code null} when the user already holds the most connections allowed.
     */
    ProgressSubscriber join(WebSocketConnection connection, UUID userId, boolean replayFirst) {
        ProgressSubscriber subscriber = new ProgressSubscriber(connection, userId, capacity);
        if (replayFirst) {
            subscriber.beginReplay();
        }
        boolean[] admitted = { false };
        byUser.compute(userId, (user, subscribers) -> {
            Set<ProgressSubscriber> set = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
            if (set.size() < maxPerUser) {
                set.add(subscriber);
                admitted[0] = true;
            }
            return set;
        });
        if (!admitted[0]) {
            return null;
        }
        byConnection.put(connection.id(), subscriber);
        return subscriber;
    }

    /** Whether the user may open one more connection here; {@link #join} enforces it against concurrent opens. */
    boolean hasRoomFor(UUID userId) {
        Set<ProgressSubscriber> subscribers = byUser.get(userId);
        return subscribers == null || subscribers.size() < maxPerUser;
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
