package dev.imagegen.gateway.progress;

import dev.imagegen.common.events.ChatEvent;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the events stream, the chat stream and the users stream on a thread of its own with plain XREAD (no consumer
 * group: every gateway replica must see every event) and hands each event to its user's connections; a deleted
 * account's connections are closed on every replica.
 */
@ApplicationScoped
public class EventStreamReader {

    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final StreamCommands<String, String, String> streams;
    private final String key;
    private final String chatKey;
    private final String usersKey;
    private final ProgressHub hub;
    private final EventCodec codec;
    private final XReadArgs readArgs;
    private volatile boolean running;
    private Thread thread;

    public EventStreamReader(@RedisClientName(StreamConsumer.REDIS_CLIENT) RedisDataSource redis,
            StreamKeys keys, StreamsConfig streamsConfig, ProgressHub hub, EventCodec codec, ProgressConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.key = keys.events();
        this.chatKey = ChatEvent.streamKey(streamsConfig.prefix());
        this.usersKey = UserEvent.stream(streamsConfig);
        this.hub = hub;
        this.codec = codec;
        this.readArgs = new XReadArgs().count(config.readBatch()).block(config.readBlock());
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "progress-events-reader");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(RETRY_PAUSE.toMillis());
        }
    }

    private void run() {
        Map<String, String> lastIds = new HashMap<>();
        while (running) {
            try {
                if (lastIds.isEmpty()) {
                    lastIds.put(key, currentEnd(key));
                    lastIds.put(chatKey, currentEnd(chatKey));
                    lastIds.put(usersKey, currentEnd(usersKey));
                    Log.infof("Following %s from %s, %s from %s and %s from %s", key, lastIds.get(key), chatKey,
                            lastIds.get(chatKey), usersKey, lastIds.get(usersKey));
                }
                for (StreamMessage<String, String, String> entry : streams.xread(lastIds, readArgs)) {
                    lastIds.put(entry.key(), entry.id());
                    if (key.equals(entry.key())) {
                        deliver(entry);
                    } else if (chatKey.equals(entry.key())) {
                        deliverChat(entry);
                    } else {
                        codec.readDeletion(entry).ifPresent(hub::accountDeleted);
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Log.warnf("Reading %s, %s and %s failed, retrying: %s", key, chatKey, usersKey, e.getMessage());
                pause();
            }
        }
    }

    /**
     * The newest entry's id, read once: unlike "$" on every XREAD, it loses no event written
     * between two reads.
     */
    private String currentEnd(String stream) {
        List<StreamMessage<String, String, String>> newest = streams.xrevrange(stream, StreamRange.of("+", "-"), 1);
        return newest.isEmpty() ? "0-0" : newest.get(0).id();
    }

    private void deliver(StreamMessage<String, String, String> entry) {
        codec.read(entry)
                .filter(event -> hub.isListening(event.userId()))
                .ifPresent(event -> hub.dispatch(event.userId(), codec.outgoing(event, entry.id())));
    }

    /** Chat changes are not job events: they go out as they come, outside the resumable event sequence. */
    private void deliverChat(StreamMessage<String, String, String> entry) {
        codec.readChat(entry)
                .filter(event -> hub.isListening(event.userId()))
                .ifPresent(event -> hub.dispatchChat(event.userId(), codec.writeChat(event)));
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
