package dev.imagegen.gateway.progress;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox rules, against a client that never finishes receiving (a stuck browser). */
class ProgressSubscriberTest {

    private final List<String> sent = new ArrayList<>();
    private final AtomicReference<CloseReason> closedWith = new AtomicReference<>();

    @Test
    void disconnectsAClientThatCannotKeepUp() {
        ProgressSubscriber subscriber = new ProgressSubscriber(stuckConnection(), UUID.randomUUID(), 2);

        subscriber.live(event("1-0"));
        subscriber.live(event("2-0"));
        subscriber.live(event("3-0"));
        assertThat(closedWith.get()).isNull();

        subscriber.live(event("4-0"));

        assertThat(sent).containsExactly("1-0");
        assertThat(closedWith.get()).isEqualTo(ProgressSubscriber.TOO_SLOW);
    }

    @Test
    void holdsLiveEventsBehindAReplayAndSendsNothingTwice() {
        ProgressSubscriber subscriber = new ProgressSubscriber(stuckConnection(), UUID.randomUUID(), 10);

        assertThat(subscriber.beginReplay()).isTrue();
        subscriber.live(event("5-0"));
        subscriber.live(event("7-0"));
        assertThat(sent).isEmpty();

        subscriber.endReplay(List.of("notice"), List.of(event("3-0"), event("5-0")));
        subscriber.live(event("5-0"));

        assertThat(sent).containsExactly("notice");
        assertThat(subscriber.beginReplay()).isFalse();
    }

    private static ProgressSubscriber.Outgoing event(String id) {
        return new ProgressSubscriber.Outgoing(id, id);
    }

    /** Records the first message and never completes its send, so everything after it queues up. */
    private WebSocketConnection stuckConnection() {
        return (WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { WebSocketConnection.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> "test-connection";
                    case "sendText" -> {
                        sent.add((String) args[0]);
                        yield Uni.createFrom().emitter(emitter -> {
                        });
                    }
                    case "close" -> {
                        closedWith.set((CloseReason) args[0]);
                        yield Uni.createFrom().voidItem();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
