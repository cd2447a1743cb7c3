package dev.imagegen.common.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one consumer of a consumer group on a stream: reads entries, hands each to a handler, and
 * acknowledges only after the handler's Uni completed (its side effect is durable). An entry whose
 * handler failed stays pending; it is claimed again once idle past {@code claimIdle}, and after
 * {@code maxDeliveries} it is dead-lettered and acknowledged.
 *
 * <p>A dedicated thread does the blocking reads; handlers run on a fresh Vert.x context each, so
 * they may use Hibernate Reactive.
 */
public final class StreamConsumer<T> {

    /** Does the consumer's side effect for one entry. A failed Uni leaves the entry pending. */
    @FunctionalInterface
    public interface Handler<T> {
        Uni<Void> handle(T message);
    }

    /** Told about an entry given up on, e.g. to fail its job with a clear reason. */
    @FunctionalInterface
    public interface DeadLetterHandler<T> {
        Uni<Void> deadLettered(T message, int deliveries);
    }

    private final StreamCommands<String, String, String> streams;
    private final ObjectMapper json;
    private final StreamsConfig config;
    private final String stream;
    private final String group;
    private final String consumer;
    private final Class<T> type;
    private final Handler<T> handler;
    private final DeadLetterHandler<T> deadLetterHandler;
    private final String deadLetterStream;
    private volatile boolean running;
    private Thread thread;
    private long nextReclaim;

    private StreamConsumer(Builder<T> b) {
        this.streams = b.redis.stream(String.class, String.class, String.class);
        this.json = b.json;
        this.config = b.config;
        this.stream = b.stream;
        this.group = b.group;
        this.consumer = b.consumer;
        this.type = b.type;
        this.handler = b.handler;
        this.deadLetterHandler = b.deadLetterHandler;
        this.deadLetterStream = b.deadLetterStream;
    }

    public static <T> Builder<T> builder(RedisDataSource redis, ObjectMapper json, StreamsConfig config) {
        return new Builder<>(redis, json, config);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        createGroup();
        running = true;
        thread = new Thread(this::run, "stream-" + group);
        thread.setDaemon(true);
        thread.start();
        Log.infof("Consuming %s as %s/%s", stream, group, consumer);
    }

    /** Stops reading; the entry being handled finishes (or stays pending for another consumer). */
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(config.block().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void createGroup() {
        try {
            // From the start of the stream: entries added before the group existed are work too.
            streams.xgroupCreate(stream, group, "0", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private void run() {
        // After a restart under the same name, first finish what this consumer had been given.
        String from = "0";
        while (running) {
            try {
                reclaimIfDue();
                XReadGroupArgs args = new XReadGroupArgs().count(16);
                if (">".equals(from)) {
                    args.block(config.block());
                }
                List<StreamMessage<String, String, String>> batch = streams.xreadgroup(group, consumer, stream, from,
                        args);
                if (batch.isEmpty() && !">".equals(from)) {
                    from = ">";
                }
                batch.forEach(this::process);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
                    createGroup(); // the stream was deleted under us (e.g. FLUSHALL)
                } else {
                    Log.warnf("Reading %s as %s failed, retrying: %s", stream, group, e.getMessage());
                }
                pause();
            }
        }
    }

    private void process(StreamMessage<String, String, String> entry) {
        T message = parse(entry);
        if (message == null) {
            deadLetter(entry.id(), entry.payload(), "unreadable payload", 1, null);
            return;
        }
        try {
            VertxContextSupport.subscribeAndAwait(() -> handler.handle(message));
            streams.xack(stream, group, entry.id());
        } catch (Throwable e) {
            Log.warnf("Handling %s entry %s in %s failed; it stays pending: %s", stream, entry.id(), group,
                    e.getMessage());
        }
    }

    private void reclaimIfDue() {
        long now = System.currentTimeMillis();
        if (now < nextReclaim) {
            return;
        }
        nextReclaim = now + Math.max(1_000, config.claimIdle().toMillis() / 2);
        List<PendingMessage> pending = streams.xpending(stream, group, StreamRange.of("-", "+"), 100);
        for (PendingMessage p : pending) {
            if (p.getDeliveryCount() >= config.maxDeliveries()
                    && p.getDurationSinceLastDelivery().compareTo(config.claimIdle()) >= 0) {
                List<StreamMessage<String, String, String>> found = streams.xrange(stream,
                        StreamRange.of(p.getMessageId(), p.getMessageId()));
                Map<String, String> payload = found.isEmpty() ? Map.of() : found.get(0).payload();
                T message = found.isEmpty() ? null : parse(found.get(0));
                deadLetter(p.getMessageId(), payload, "delivered " + p.getDeliveryCount() + " times",
                        (int) p.getDeliveryCount(), message);
            }
        }
        ClaimedMessages<String, String, String> claimed = streams.xautoclaim(stream, group, consumer,
                config.claimIdle(), "0-0", 16);
        claimed.getMessages().forEach(this::process);
    }

    private void deadLetter(String id, Map<String, String> payload, String reason, int deliveries, T message) {
        Log.errorf("Dead-lettering %s entry %s of group %s: %s", stream, id, group, reason);
        try {
            if (deadLetterStream != null) {
                streams.xadd(deadLetterStream, Map.of(
                        EventPublisher.PAYLOAD, payload.getOrDefault(EventPublisher.PAYLOAD, ""),
                        "source_id", id, "group", group, "reason", reason));
            }
            if (message != null && deadLetterHandler != null) {
                VertxContextSupport.subscribeAndAwait(() -> deadLetterHandler.deadLettered(message, deliveries));
            }
            streams.xack(stream, group, id);
        } catch (Throwable e) {
            Log.warnf("Dead-lettering %s failed, will retry: %s", id, e.getMessage());
        }
    }

    private T parse(StreamMessage<String, String, String> entry) {
        String payload = entry.payload().get(EventPublisher.PAYLOAD);
        try {
            return payload == null ? null : json.readValue(payload, type);
        } catch (Exception e) {
            Log.warnf("Unreadable %s entry %s: %s", stream, entry.id(), e.getMessage());
            return null;
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder<T> {
        private final RedisDataSource redis;
        private final ObjectMapper json;
        private final StreamsConfig config;
        private String stream;
        private String group;
        private String consumer = ConsumerName.local();
        private Class<T> type;
        private Handler<T> handler;
        private DeadLetterHandler<T> deadLetterHandler;
        private String deadLetterStream;

        private Builder(RedisDataSource redis, ObjectMapper json, StreamsConfig config) {
            this.redis = redis;
            this.json = json;
            this.config = config;
        }

        @SuppressWarnings("unchecked")
        public <M> Builder<M> read(String stream, Class<M> type) {
            this.stream = stream;
            this.type = (Class<T>) type;
            return (Builder<M>) this;
        }

        public Builder<T> group(String group) {
            this.group = group;
            return this;
        }

        public Builder<T> handler(Handler<T> handler) {
            this.handler = handler;
            return this;
        }

        /** Where entries given up on are copied, and who is told. */
        public Builder<T> deadLetter(String deadLetterStream, DeadLetterHandler<T> deadLetterHandler) {
            this.deadLetterStream = deadLetterStream;
            this.deadLetterHandler = deadLetterHandler;
            return this;
        }

        public StreamConsumer<T> build() {
            if (stream == null || group == null || handler == null) {
                throw new IllegalStateException("stream, group and handler are required");
            }
            return new StreamConsumer<>(this);
        }
    }

    /** Unused names would strand pending entries until claimed, so keep the name stable per host. */
    static final class ConsumerName {
        static String local() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.net.UnknownHostException e) {
                    host = "local";
                }
            }
            return host;
        }
    }

}
