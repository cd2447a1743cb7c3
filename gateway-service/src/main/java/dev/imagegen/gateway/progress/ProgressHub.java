package dev.imagegen.gateway.progress;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.imagegen.gateway.ratelimit.RateLimitConfig;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The open progress connections of this replica, by connection and by user. */
@ApplicationScoped
public class ProgressHub {

    /** Close code 1008 "policy violation": the account is gone, and reconnecting will not help. */
    static final CloseReason ACCOUNT_DELETED = new CloseReason(1008, "Account deleted");

    /**
     * Users who deleted their account lately. The deletion is announced before the user's tokens are revoked, so a
     * client reconnecting at once could slip in between; by the time this forgets them, Redis refuses their tokens.
     */
    private final Cache<UUID, Boolean> deleted = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();
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

    /** The user erased their account: their open sockets close, and none opens again here. */
    void accountDeleted(UUID userId) {
        deleted.put(userId, Boolean.TRUE);
        Set<ProgressSubscriber> subscribers = byUser.get(userId);
        if (subscribers != null) {
            Log.infof("Closing the progress WebSockets of user %s: the account was deleted", userId);
            subscribers.forEach(subscriber -> subscriber.disconnect(ACCOUNT_DELETED));
        }
    }

    boolean wasDeleted(UUID userId) {
        return deleted.getIfPresent(userId) != null;
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
