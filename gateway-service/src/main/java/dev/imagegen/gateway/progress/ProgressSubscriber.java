package dev.imagegen.gateway.progress;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One WebSocket client's outbox. Messages leave one at a time; a client whose queue fills up is
 * disconnected, so a slow browser costs only itself. While a resume replay runs, live events wait
 * behind it so the client sees missed events first and nothing twice.
 */
final class ProgressSubscriber {

    /** A message for the client; {@code eventId} is null for control messages. */
    record Outgoing(String eventId, String json) {
    }

    /** Close code 1013 "try again later": the client may reconnect and resume. */
    static final CloseReason TOO_SLOW = new CloseReason(1013, "Too slow: send queue full");

    private final WebSocketConnection connection;
    private final UUID userId;
    private final int capacity;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final List<Outgoing> held = new ArrayList<>();
    private boolean sending;
    private boolean closed;
    private boolean replayUsed;
    private boolean replaying;
    private String firstLiveId;
    private String lastReplayedId;

    ProgressSubscriber(WebSocketConnection connection, UUID userId, int capacity) {
        this.connection = connection;
        this.userId = userId;
        this.capacity = capacity;
    }

    UUID userId() {
        return userId;
    }

    /** An event from the live stream. */
    void live(Outgoing event) {
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (replaying) {
                held.add(event);
                overflow = held.size() > capacity;
            } else if (!EventIds.isAfter(event.eventId(), lastReplayedId)) {
                return; // the replay already sent it
            } else {
                if (firstLiveId == null) {
                    firstLiveId = event.eventId();
                }
                overflow = !enqueue(event.json());
            }
        }
        afterEnqueue(overflow);
    }

    /** A message outside the event stream, e.g. an error about the client's own message. */
    void control(String json) {
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return;
            }
            overflow = !enqueue(json);
        }
        afterEnqueue(overflow);
    }

    /** Claims this connection's single replay; false if it already had one. */
    synchronized boolean beginReplay() {
        if (replayUsed || closed) {
            return false;
        }
        replayUsed = true;
        replaying = true;
        return true;
    }

    /** The first event already sent live, where a replay must stop; null if none was sent yet. */
    synchronized String firstLiveId() {
        return firstLiveId;
    }

    /** Sends the notices and replayed events, then the live events that arrived meanwhile. */
    void endReplay(List<String> notices, List<Outgoing> replayed) {
        boolean overflow = false;
        synchronized (this) {
            replaying = false;
            if (closed) {
                return;
            }
            for (String notice : notices) {
                overflow |= !enqueue(notice);
            }
            for (Outgoing event : replayed) {
                overflow |= !enqueue(event.json());
                lastReplayedId = event.eventId();
            }
            for (Outgoing event : held) {
                if (EventIds.isAfter(event.eventId(), lastReplayedId)) {
                    firstLiveId = firstLiveId == null ? event.eventId() : firstLiveId;
                    overflow |= !enqueue(event.json());
                }
            }
            held.clear();
        }
        afterEnqueue(overflow);
    }

    synchronized void markClosed() {
        closed = true;
        queue.clear();
        held.clear();
    }

    private boolean enqueue(String json) {
        if (queue.size() >= capacity) {
            return false;
        }
        queue.add(json);
        return true;
    }

    private void afterEnqueue(boolean overflow) {
        if (overflow) {
            disconnectSlow();
        } else {
            pump();
        }
    }

    private void pump() {
        String next;
        synchronized (this) {
            if (sending || closed || queue.isEmpty()) {
                return;
            }
            next = queue.poll();
            sending = true;
        }
        connection.sendText(next).subscribe().with(sent -> {
            synchronized (this) {
                sending = false;
            }
            pump();
        }, failure -> {
            Log.debugf("Sending to WebSocket %s failed: %s", connection.id(), failure.getMessage());
            markClosed();
        });
    }

    private void disconnectSlow() {
        Log.infof("Closing progress WebSocket %s of user %s: it cannot keep up", connection.id(), userId);
        disconnect(TOO_SLOW);
    }

    /** Sends nothing more and closes the connection with the reason. */
    void disconnect(CloseReason reason) {
        markClosed();
        connection.close(reason).subscribe().with(closed -> {
        }, failure -> Log.debugf("Closing WebSocket %s failed: %s", connection.id(), failure.getMessage()));
    }
}
