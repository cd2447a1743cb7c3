package dev.imagegen.gateway.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.UUID;

/**
 * Live progress of the caller's own jobs ({@link TokenUpgradeCheck} has authenticated the caller).
 * A reconnecting client resumes with {@code ?resume_from=<event id>} at the upgrade or by sending
 * {@code {"resume_from": "<event id>"}}.
 */
@WebSocket(path = "/ws/progress", endpointId = ProgressSocket.ENDPOINT_ID)
public class ProgressSocket {

    static final String ENDPOINT_ID = "progress";
    /** Close code 1008 "policy violation": the user's connection cap, see {@link TokenUpgradeCheck}. */
    static final CloseReason TOO_MANY = new CloseReason(1008, "Too many progress connections");
    /** Close code 1009 "message too big": a client message above Vert.x's message size bound (256 KiB). */
    static final CloseReason TOO_BIG = new CloseReason(1009, "Messages to this endpoint are a few bytes");
    private static final String INVALID_RESUME =
            "Expected {\"resume_from\": \"<event_id>\"} with an event id like 1732597200000-0";

    private final ProgressHub hub;
    private final EventHistory history;
    private final EventCodec codec;
    private final ObjectMapper json;

    public ProgressSocket(ProgressHub hub, EventHistory history, EventCodec codec, ObjectMapper json) {
        this.hub = hub;
        this.history = history;
        this.codec = codec;
        this.json = json;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        UUID userId = UUID.fromString(connection.userData().get(TokenUpgradeCheck.USER_ID));
        String resumeFrom = connection.userData().get(TokenUpgradeCheck.RESUME_FROM);
        boolean resume = EventIds.isValid(resumeFrom);
        ProgressSubscriber subscriber = hub.join(connection, userId, resume);
        if (subscriber == null) {
            // Another upgrade of the same user won the last place after TokenUpgradeCheck let this one in.
            return connection.close(TOO_MANY);
        }
        if (resume) {
            return replay(subscriber, resumeFrom, connection);
        }
        if (resumeFrom != null) {
            subscriber.control(codec.write(ProgressMessage.invalid(INVALID_RESUME)));
        }
        return Uni.createFrom().voidItem();
    }

    @OnClose
    void close(WebSocketConnection connection) {
        hub.leave(connection);
    }

    @OnTextMessage
    Uni<Void> message(String text, WebSocketConnection connection) {
        ProgressSubscriber subscriber = hub.find(connection);
        if (subscriber == null) {
            return Uni.createFrom().voidItem();
        }
        String resumeFrom = resumeFrom(text);
        if (!EventIds.isValid(resumeFrom)) {
            subscriber.control(codec.write(ProgressMessage.invalid(INVALID_RESUME)));
        } else if (!subscriber.beginReplay()) {
            subscriber.control(codec.write(ProgressMessage.invalid("A connection can resume only once")));
        } else {
            return replay(subscriber, resumeFrom, connection);
        }
        return Uni.createFrom().voidItem();
    }

    /** Vert.x refuses a fragmented message past its size bound this way; it is the client's doing, not a server error. */
    @OnError
    Uni<Void> failed(IllegalStateException failure, WebSocketConnection connection) {
        if (failure.getMessage() != null && failure.getMessage().contains("max message size")) {
            return connection.close(TOO_BIG);
        }
        Log.errorf(failure, "WebSocket %s failed", connection.id());
        return connection.close(CloseReason.INTERNAL_SERVER_ERROR);
    }

    /** A frame that breaks the protocol: Netty has already closed the connection with the fitting code. */
    @OnError
    void corrupted(CorruptedWebSocketFrameException failure, WebSocketConnection connection) {
        Log.debugf("WebSocket %s sent a broken frame: %s", connection.id(), failure.getMessage());
    }

    /** Sends the user's events after {@code resumeFrom}; the subscriber's replay has begun. */
    private Uni<Void> replay(ProgressSubscriber subscriber, String resumeFrom, WebSocketConnection connection) {
        return history.replay(subscriber.userId(), resumeFrom, subscriber.firstLiveId())
                .invoke(replay -> subscriber.endReplay(replay.notices(), replay.events()))
                .onFailure().invoke(e -> {
                    Log.warnf("Replaying events for WebSocket %s failed: %s", connection.id(), e.getMessage());
                    subscriber.endReplay(List.of(codec.write(ProgressMessage.resync(
                            "Missed events could not be read; re-read your tasks' status"))), List.of());
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private String resumeFrom(String text) {
        try {
            ResumeRequest request = json.readValue(text, ResumeRequest.class);
            return request == null ? null : request.resumeFrom();
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
