package dev.imagegen.gateway.progress;

import dev.imagegen.common.streams.StreamKeys;
import io.quarkus.logging.Log;
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
import java.util.List;

/**
 * Follows the events stream on a thread of its own with plain XREAD (no consumer group: every
 * gateway replica must see every event) and hands each event to its user's connections.
 */
@ApplicationScoped
public class EventStreamReader {

    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final StreamCommands<String, String, String> streams;
    private final String key;
    private final ProgressHub hub;
    private final EventCodec codec;
    private final XReadArgs readArgs;
    private volatile boolean running;
    private Thread thread;

    public EventStreamReader(RedisDataSource redis, StreamKeys keys, ProgressHub hub, EventCodec codec,
            ProgressConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.key = keys.events();
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
        String lastId = null;
        while (running) {
            try {
                if (lastId == null) {
                    lastId = currentEnd();
                    Log.infof("Following %s from %s", key, lastId);
                }
                for (StreamMessage<String, String, String> entry : streams.xread(key, lastId, readArgs)) {
                    lastId = entry.id();
                    deliver(entry);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Log.warnf("Reading %s failed, retrying: %s", key, e.getMessage());
                pause();
            }
        }
    }

    /**
     * The newest entry's id, read once: unlike "$" on every XREAD, it loses no event written
     * between two reads.
     */
    private String currentEnd() {
        List<StreamMessage<String, String, String>> newest = streams.xrevrange(key, StreamRange.of("+", "-"), 1);
        return newest.isEmpty() ? "0-0" : newest.get(0).id();
    }

    private void deliver(StreamMessage<String, String, String> entry) {
        codec.read(entry)
                .filter(event -> hub.isListening(event.userId()))
                .ifPresent(event -> hub.dispatch(event.userId(), codec.outgoing(event, entry.id())));
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
