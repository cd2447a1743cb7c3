package dev.imagegen.common.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.problem.StoreFailures;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs one consumer of a consumer group on a stream: reads entries, hands each to a handler, and
 * acknowledges only after the handler's Uni completed (its side effect is durable). An entry whose
 * handler failed, or ran past the handler timeout, stays pending; it is claimed again once idle past
 * {@code claimIdle}, and after {@code maxDeliveries} it is dead-lettered (copied to {@code <stream>:dead} unless
 * told otherwise) and acknowledged. A failure because a store was away (PostgreSQL or Redis refusing connections)
 * does not count as a delivery: the entry waits out the outage. A consumer built with {@link Builder#trimAcknowledged()} also trims the
 * entries every group has acknowledged once they are older than {@code trimAfter}.
 *
 * <p>Built on the {@value #REDIS_CLIENT} Redis client, whose pool holds the blocking reads: they never take the
 * connections a service's requests use.
 *
 * <p>Up to {@code maxInFlight} entries are handled at once, each on a fresh Vert.x duplicated context
 * (so each has its own Hibernate Reactive session); a dedicated thread reads only as many entries as
 * there are free slots and keeps the claims of the entries in flight fresh, so no other consumer takes
 * live work. {@link #stop()} stops reading and waits for the entries in flight up to the grace period.
 */
public final class StreamConsumer<T> {

    /**
     * The Redis client (named, configured in common's {@code microprofile-config.properties}) for stream reads that
     * block: {@code @RedisClientName(StreamConsumer.REDIS_CLIENT) RedisDataSource}.
     */
    public static final String REDIS_CLIENT = "streams";

    /** Does the consumer's side effect for one entry. A failed Uni leaves the entry pending. */
    @FunctionalInterface
    public interface Handler<T> {
        Uni<Void> handle(T message);
    }

    /** Told about an entry given up on, e.g. to fail its job with a clear reason. */
    @FunctionalInterface
    public interface DeadLetterHandler<T> {
        Uni<Void> deadLettered(T message, int deliveries);

        /** The same, with the reason the entry was given up on; override to tell it on. */
        default Uni<Void> deadLettered(T message, int deliveries, String reason) {
            return deadLettered(message, deliveries);
        }
    }

    /** A handler fails with this when trying again cannot help: the entry is dead-lettered at once. */
    public static class Unprocessable extends RuntimeException {
        public Unprocessable(String reason) {
            super(reason);
        }
    }

    /**
     * Refreshes the idle time of the entries this consumer still owns (XCLAIM JUSTID does not count a
     * delivery) and answers the ids another consumer took; atomic, so such an entry is never taken back.
     * An entry no longer pending at all was just acknowledged.
     */
    private static final String KEEP_CLAIMS = """
            local lost = {}
            for i = 3, #ARGV do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
              if p[1] then
                if p[1][2] == ARGV[2] then
                  redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
                else
                  lost[#lost + 1] = ARGV[i]
                end
              end
            end
            return lost
            """;

    /**
     * Takes back the delivery just counted for entry ARGV[2] of group ARGV[1], held by consumer ARGV[3]: its handling
     * failed only because a store was away, which says nothing about the entry. The entry stays pending, claimed
     * again after the idle bound, so an outage of any length never dead-letters it.
     */
    private static final String FORGIVE_DELIVERY = """
            local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
            if p[1] and p[1][2] == ARGV[3] and p[1][4] > 1 then
              redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'RETRYCOUNT', p[1][4] - 1, 'JUSTID')
            end
            return 0
            """;

    /** Deletes consumer ARGV[2] of group ARGV[1] only if it has nothing pending, in one step with the check. */
    private static final String FORGET_CONSUMER = """
            if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) == 0 then
              return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
            end
            return -1
            """;

    /** How often the pending and lag figures are read for metrics. */
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(5);

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final ReactiveStreamCommands<String, String, String> reactiveStreams;
    private final ReactiveRedisDataSource reactiveRedis;
    private final ObjectMapper json;
    private final StreamsConfig config;
    private final String stream;
    private final String group;
    private final String consumer;
    private final Class<T> type;
    private final Handler<T> handler;
    private final DeadLetterHandler<T> deadLetterHandler;
    private final String deadLetterStream;
    private final int maxInFlight;
    private final Semaphore slots;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong deadLettered = new AtomicLong();
    private final Duration keepAliveEvery;
    private final Duration handlerTimeout;
    private final boolean trimAcknowledged;
    private volatile boolean running;
    private volatile long pending;
    private volatile long lag = -1;
    private Thread thread;
    private long nextReclaim;
    private long nextKeepAlive;
    private long nextBacklog;

    private StreamConsumer(Builder<T> b) {
        this.redis = b.redis;
        this.streams = b.redis.stream(String.class, String.class, String.class);
        this.reactiveRedis = b.redis.getReactive();
        this.reactiveStreams = reactiveRedis.stream(String.class, String.class, String.class);
        this.json = b.json;
        this.config = b.config;
        this.stream = b.stream;
        this.group = b.group;
        this.consumer = b.consumer;
        this.type = b.type;
        this.handler = b.handler;
        this.deadLetterHandler = b.deadLetterHandler;
        this.deadLetterStream = b.deadLetterStream != null ? b.deadLetterStream : b.stream + ":dead";
        this.maxInFlight = b.maxInFlight;
        this.slots = new Semaphore(b.maxInFlight);
        this.handlerTimeout = b.handlerTimeout != null ? b.handlerTimeout : config.handlerTimeout();
        this.trimAcknowledged = b.trimAcknowledged;
        // Three refreshes per idle bound: a slow Redis round trip never lets a live claim look abandoned.
        this.keepAliveEvery = Duration.ofMillis(Math.max(100, config.claimIdle().toMillis() / 3));
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
        Log.infof("Consuming %s as %s/%s, up to %d entries at once", stream, group, consumer, maxInFlight);
    }

    /**
     * Stops reading and waits up to the grace period for the entries in flight; any still unfinished stay
     * pending and another consumer claims them once idle.
     */
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(config.block().toMillis() + config.shutdownGrace().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Entries being handled right now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Entries delivered to the group and not yet acknowledged, as read at most a few seconds ago. */
    public long pending() {
        return pending;
    }

    /** Entries in the stream not yet delivered to the group (-1 when Redis cannot tell). */
    public long lag() {
        return lag;
    }

    /** Entries this consumer dead-lettered since it started. */
    public long deadLetteredCount() {
        return deadLettered.get();
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
        Duration block = config.block().compareTo(keepAliveEvery) < 0 ? config.block() : keepAliveEvery;
        while (running) {
            try {
                keepAliveIfDue();
                reclaimIfDue();
                refreshBacklogIfDue();
                int free = slots.availablePermits();
                if (free == 0) {
                    awaitFreeSlot(block);
                    continue;
                }
                XReadGroupArgs args = new XReadGroupArgs().count(free);
                if (">".equals(from)) {
                    args.block(block);
                }
                List<StreamMessage<String, String, String>> batch = streams.xreadgroup(group, consumer, stream, from,
                        args);
                if (!">".equals(from)) {
                    from = batch.isEmpty() ? ">" : batch.get(batch.size() - 1).id();
                }
                batch.forEach(this::dispatch);
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
                    createGroup(); // the stream was deleted under us (e.g. FLUSHALL)
                } else {
                    Log.warnf("Reading %s as %s failed, retrying: %s", stream, group, e.getMessage());
                }
                pause(Duration.ofSeconds(1));
            }
        }
        drain();
    }

    /** Shutdown: no more reads; claims stay fresh until the entries in flight finish or the grace period ends. */
    private void drain() {
        long deadline = System.currentTimeMillis() + config.shutdownGrace().toMillis();
        while (!inFlight.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                keepAliveIfDue();
            } catch (RuntimeException e) {
                Log.debugf("Keeping claims during shutdown failed: %s", e.getMessage());
            }
            awaitFreeSlot(Duration.ofMillis(100));
        }
        if (!inFlight.isEmpty()) {
            Log.warnf("Stopped %s/%s with %d entries unfinished; they stay pending for another consumer", group,
                    consumer, inFlight.size());
        }
    }

    private void dispatch(StreamMessage<String, String, String> entry) {
        T message = parse(entry);
        if (message == null) {
            submit(entry.id(), () -> deadLetter(entry.id(), entry.payload(), "unreadable payload", 1, null));
            return;
        }
        submit(entry.id(), () -> handler.handle(message)
                // Cancels the handling; the entry stays pending and is claimed again or dead-lettered.
                .ifNoItem().after(handlerTimeout).failWith(() -> new IllegalStateException(
                        "the handler took longer than " + handlerTimeout))
                .chain(() -> reactiveStreams.xack(stream, group, entry.id()))
                .replaceWithVoid()
                .onFailure(StoreFailures::unavailable).call(() -> forgiveDelivery(entry.id()))
                .onFailure(Unprocessable.class).recoverWithUni(e -> deadLetter(entry.id(), entry.payload(),
                        e.getMessage(), 1, message)));
    }

    /** Runs the work of one entry on a fresh duplicated context, holding a slot until its Uni ends. */
    private void submit(String id, Supplier<Uni<Void>> work) {
        if (inFlight.contains(id) || !slots.tryAcquire()) {
            return; // already being handled here, or no room: it stays pending
        }
        inFlight.add(id);
        try {
            VertxContextSupport.<Void>subscribe(() -> Uni.createFrom().deferred(work::get).toMulti(), subscribe -> subscribe
                    .with(ignored -> {
                    }, failure -> finished(id, failure), () -> finished(id, null)));
        } catch (RuntimeException e) {
            finished(id, e);
        }
    }

    private void finished(String id, Throwable failure) {
        if (failure != null) {
            Log.warnf("Handling %s entry %s in %s failed; it stays pending: %s", stream, id, group,
                    failure.getMessage());
        }
        if (inFlight.remove(id)) {
            slots.release();
        }
    }

    private void keepAliveIfDue() {
        long now = System.currentTimeMillis();
        if (now < nextKeepAlive) {
            return;
        }
        nextKeepAlive = now + keepAliveEvery.toMillis();
        if (inFlight.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("EVAL", KEEP_CLAIMS, "1", stream, group, consumer));
        args.addAll(inFlight);
        Response lost = redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new));
        if (lost != null && lost.size() > 0) {
            List<String> ids = new ArrayList<>();
            lost.forEach(r -> ids.add(r.toString()));
            // Another consumer took them (this one stalled past the idle bound); its handler's writes decide.
            Log.warnf("Lost the claim on %s entries %s in %s", stream, ids, group);
        }
    }

    private void reclaimIfDue() {
        long now = System.currentTimeMillis();
        if (now < nextReclaim) {
            return;
        }
        nextReclaim = now + Math.max(500, config.claimIdle().toMillis() / 2);
        List<PendingMessage> stale = streams.xpending(stream, group, StreamRange.of("-", "+"), 100);
        for (PendingMessage p : stale) {
            if (p.getDeliveryCount() >= config.maxDeliveries()
                    && p.getDurationSinceLastDelivery().compareTo(config.claimIdle()) >= 0
                    && !inFlight.contains(p.getMessageId())) {
                List<StreamMessage<String, String, String>> found = streams.xrange(stream,
                        StreamRange.of(p.getMessageId(), p.getMessageId()));
                Map<String, String> payload = found.isEmpty() ? Map.of() : found.get(0).payload();
                T message = found.isEmpty() ? null : parse(found.get(0));
                submit(p.getMessageId(), () -> deadLetter(p.getMessageId(), payload,
                        "delivered " + p.getDeliveryCount() + " times", (int) p.getDeliveryCount(), message));
            }
        }
        int free = slots.availablePermits();
        if (free > 0) {
            ClaimedMessages<String, String, String> claimed = streams.xautoclaim(stream, group, consumer,
                    config.claimIdle(), "0-0", free);
            claimed.getMessages().forEach(this::dispatch);
        }
        forgetGoneConsumers();
        if (trimAcknowledged) {
            trimAcknowledgedEntries();
        }
    }

    /**
     * Consumer names carry the process id, so every restart adds one to the group: a name idle past three
     * claim-idle periods with nothing pending is a process that is gone (a live one is simply re-added
     * by its next read, and the atomic check means nothing pending is ever dropped).
     */
    private void forgetGoneConsumers() {
        try {
            for (Response c : redis.execute("XINFO", "CONSUMERS", stream, group)) {
                String name = field(c, "name");
                String idle = field(c, "idle");
                if (name != null && !name.equals(consumer) && "0".equals(field(c, "pending")) && idle != null
                        && Long.parseLong(idle) > config.claimIdle().multipliedBy(3).toMillis()) {
                    redis.execute("EVAL", FORGET_CONSUMER, "1", stream, group, name);
                }
            }
        } catch (RuntimeException e) {
            Log.debugf("Forgetting gone consumers of %s failed: %s", group, e.getMessage());
        }
    }

    private void refreshBacklogIfDue() {
        long now = System.currentTimeMillis();
        if (now < nextBacklog) {
            return;
        }
        nextBacklog = now + BACKLOG_EVERY.toMillis();
        pending = streams.xpending(stream, group).getPendingCount();
        try {
            Response groups = redis.execute("XINFO", "GROUPS", stream);
            for (Response g : groups) {
                if (group.equals(field(g, "name"))) {
                    String value = field(g, "lag");
                    lag = value == null ? -1 : Long.parseLong(value);
                }
            }
        } catch (RuntimeException e) {
            lag = -1; // lag is Redis 7+, and null while Redis cannot tell
        }
    }

    /**
     * Trims the entries every group of the stream has acknowledged and that are older than {@code trimAfter}: the
     * floor is the lowest of each group's oldest pending entry (or, with none pending, its last delivered one)
     * and of the age bound. XTRIM MINID keeps the floor itself, so nothing undelivered or pending ever goes; a
     * stream no group reads is left alone. Exact, not {@code ~}: a small stream would otherwise never shrink.
     */
    private void trimAcknowledgedEntries() {
        long now = System.currentTimeMillis();
        try {
            String floor = (now - config.trimAfter().toMillis()) + "-0";
            Response groups = redis.execute("XINFO", "GROUPS", stream);
            if (groups == null || groups.size() == 0) {
                return;
            }
            for (Response g : groups) {
                String groupFloor = field(g, "last-delivered-id");
                if (!"0".equals(field(g, "pending"))) {
                    List<PendingMessage> oldest = streams.xpending(stream, field(g, "name"),
                            StreamRange.of("-", "+"), 1);
                    if (!oldest.isEmpty()) {
                        groupFloor = oldest.get(0).getMessageId();
                    }
                }
                if (groupFloor == null) {
                    return; // a reply this code does not understand: trimming could drop work
                }
                floor = StreamIds.lower(floor, groupFloor);
            }
            Response trimmed = redis.execute("XTRIM", stream, "MINID", floor);
            if (trimmed != null && trimmed.toLong() > 0) {
                Log.debugf("Trimmed %d acknowledged entries from %s", trimmed.toLong(), stream);
            }
        } catch (RuntimeException e) {
            Log.debugf("Trimming %s failed, next time then: %s", stream, e.getMessage());
        }
    }

    /** A field of an XINFO reply, whether Redis answered a map (RESP3) or a flat list (RESP2). */
    private static String field(Response reply, String name) {
        if (reply.getKeys() != null && !reply.getKeys().isEmpty()) {
            Response value = reply.get(name);
            return value == null ? null : value.toString();
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            if (name.equals(reply.get(i).toString())) {
                return reply.get(i + 1) == null ? null : reply.get(i + 1).toString();
            }
        }
        return null;
    }

    /** Best effort: with Redis itself away no delivery is counted anyway. */
    private Uni<Void> forgiveDelivery(String id) {
        return reactiveRedis.execute("EVAL", FORGIVE_DELIVERY, "1", stream, group, id, consumer).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private Uni<Void> deadLetter(String id, Map<String, String> payload, String reason, int deliveries, T message) {
        Log.errorf("Dead-lettering %s entry %s of group %s: %s", stream, id, group, reason);
        Uni<Void> copied = reactiveStreams.xadd(deadLetterStream,
                new XAddArgs().maxlen(config.deadLetterMaxLen()).nearlyExactTrimming(),
                Map.of(EventPublisher.PAYLOAD, payload.getOrDefault(EventPublisher.PAYLOAD, ""),
                        "source_id", id, "group", group, "reason", reason == null ? "" : reason))
                .replaceWithVoid();
        return copied
                .chain(() -> message != null && deadLetterHandler != null
                        ? deadLetterHandler.deadLettered(message, deliveries, reason)
                        : Uni.createFrom().voidItem())
                .chain(() -> reactiveStreams.xack(stream, group, id))
                .invoke(() -> deadLettered.incrementAndGet())
                .replaceWithVoid();
    }

    private T parse(StreamMessage<String, String, String> entry) {
        String payload = entry.payload() == null ? null : entry.payload().get(EventPublisher.PAYLOAD);
        try {
            return payload == null ? null : json.readValue(payload, type);
        } catch (Exception e) {
            Log.warnf("Unreadable %s entry %s: %s", stream, entry.id(), e.getMessage());
            return null;
        }
    }

    private void awaitFreeSlot(Duration atMost) {
        try {
            if (slots.tryAcquire(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
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
        private int maxInFlight = 1;
        private Duration handlerTimeout;
        private boolean trimAcknowledged;

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

        /** Longest one entry's handling may take; defaults to {@code imagegen.streams.handler-timeout}. */
        public Builder<T> handlerTimeout(Duration handlerTimeout) {
            if (handlerTimeout.isNegative() || handlerTimeout.isZero()) {
                throw new IllegalArgumentException("handlerTimeout must be positive");
            }
            this.handlerTimeout = handlerTimeout;
            return this;
        }

        /**
         * Trim the stream's entries that every group acknowledged once older than {@code imagegen.streams.trim-after};
         * for streams whose every reader is a consumer group (not the events stream, which the gateway reads
         * without one for resuming).
         */
        public Builder<T> trimAcknowledged() {
            this.trimAcknowledged = true;
            return this;
        }

        /** Where entries given up on are copied (default {@code <stream>:dead}), and who is told. */
        public Builder<T> deadLetter(String deadLetterStream, DeadLetterHandler<T> deadLetterHandler) {
            this.deadLetterStream = deadLetterStream;
            this.deadLetterHandler = deadLetterHandler;
            return this;
        }

        /** Entries handled at once; 1 (the default) handles them one after another, in stream order. */
        public Builder<T> maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1");
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** Consumer name within the group; defaults to host name and process id. */
        public Builder<T> consumer(String consumer) {
            this.consumer = consumer;
            return this;
        }

        /**
         * Takes {@code maxInFlight} and {@code handlerTimeout} from {@code imagegen.streams.consumers.<name>}, where
         * set (so the service's properties document them and an operator can change them).
         */
        public Builder<T> configuredAs(String name) {
            StreamsConfig.Consumer configured = config.consumers().get(name);
            if (configured != null) {
                configured.maxInFlight().ifPresent(this::maxInFlight);
                configured.handlerTimeout().ifPresent(this::handlerTimeout);
            }
            return this;
        }

        public StreamConsumer<T> build() {
            if (stream == null || group == null || handler == null) {
                throw new IllegalStateException("stream, group and handler are required");
            }
            return new StreamConsumer<>(this);
        }
    }

    /** Host and process: two processes on one host are two consumers, so one's crash strands nothing of the other. */
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
            return host + "-" + ProcessHandle.current().pid();
        }
    }

}
