package dev.imagegen.worker.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stream runner on its own: concurrency, claims, redelivery and shutdown, against the real Redis. */
@QuarkusTest
class StreamConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A stream entry's payload; the runner reads JSON into it. */
    record Note(String text) {
    }

    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final StreamsConfig config;
    private final List<StreamConsumer<Note>> started = new ArrayList<>();
    private final String stream = "test-runner-" + UUID.randomUUID();

    StreamConsumerTest(RedisDataSource redis, ObjectMapper json, StreamsConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    @AfterEach
    void stopAndClean() {
        started.forEach(StreamConsumer::stop);
        redis.key().del(stream, stream + ":dead");
    }

    @Test
    void handlesUpToMaxInFlightAtOnceAndReadsOnlyFreeSlots() {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<String> done = ConcurrentHashMap.newKeySet();
        StreamConsumer<Note> consumer = start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("c1").maxInFlight(8)
                .handler(note -> Uni.createFrom().voidItem()
                        .invoke(() -> most.accumulateAndGet(now.incrementAndGet(), Math::max))
                        .onItem().delayIt().by(Duration.ofMillis(500))
                        .invoke(() -> {
                            now.decrementAndGet();
                            done.add(note.text());
                        })));
        for (int i = 0; i < 30; i++) {
            add("note " + i);
        }

        await().atMost(WAIT).untilAsserted(() -> {
            // Never more delivered to this consumer than it has slots for.
            assertThat(streams().xpending(stream, "g").getPendingCount()).isLessThanOrEqualTo(8);
            assertThat(done).hasSize(30);
        });
        assertThat(most.get()).isEqualTo(8);
        await().atMost(WAIT).until(() -> streams().xpending(stream, "g").getPendingCount() == 0);
        assertThat(consumer.inFlight()).isZero();
    }

    @Test
    void keepsTheClaimOfALongHandlerFreshSoNobodyTakesIt() {
        Set<String> done = ConcurrentHashMap.newKeySet();
        start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("busy").maxInFlight(4)
                .handler(note -> Uni.createFrom().voidItem().onItem()
                        .delayIt().by(config.claimIdle().multipliedBy(3)).invoke(() -> done.add(note.text()))));
        add("long call");
        await().atMost(WAIT).until(() -> streams().xpending(stream, "g").getPendingCount() == 1);

        long end = System.currentTimeMillis() + config.claimIdle().multipliedBy(2).toMillis();
        await().atMost(WAIT).until(() -> {
            // What another worker's XAUTOCLAIM would see: nothing idle past the bound.
            assertThat(streams().xautoclaim(stream, "g", "thief", config.claimIdle(), "0-0", 10).getMessages())
                    .isEmpty();
            return System.currentTimeMillis() > end;
        });
        await().atMost(WAIT).until(() -> done.contains("long call"));
    }

    @Test
    void takesOverWhatADeadConsumerLeftPending() {
        streams().xgroupCreate(stream, "g", "0", new XGroupCreateArgs().mkstream());
        add("orphan");
        // A consumer that read the entry and died before acknowledging it.
        assertThat(streams().xreadgroup("g", "dead-worker", stream, ">", new XReadGroupArgs().count(1))).hasSize(1);
        Set<String> done = ConcurrentHashMap.newKeySet();
        start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("survivor").maxInFlight(4)
                .handler(note -> Uni.createFrom().voidItem().invoke(() -> done.add(note.text()))));

        await().atMost(WAIT).until(() -> done.contains("orphan"));
        await().atMost(WAIT).until(() -> streams().xpending(stream, "g").getPendingCount() == 0);
    }

    @Test
    void forgetsConsumersThatAreGoneAndLeftNothingPending() {
        streams().xgroupCreate(stream, "g", "0", new XGroupCreateArgs().mkstream());
        // A process that read nothing and exited, and one that died holding an entry.
        streams().xreadgroup("g", "gone-idle", stream, ">", new XReadGroupArgs().count(1));
        add("held");
        streams().xreadgroup("g", "gone-holding", stream, ">", new XReadGroupArgs().count(1));
        start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("alive").maxInFlight(1)
                .handler(note -> Uni.createFrom().voidItem()));

        await().atMost(WAIT).until(() -> !consumers().contains("gone-idle"));
        // The held entry was taken over, not dropped with its consumer.
        await().atMost(WAIT).until(() -> streams().xpending(stream, "g").getPendingCount() == 0);
        assertThat(consumers()).contains("alive");
    }

    @Test
    void deadLettersAnUnprocessableEntryAtOnceWithItsReason() {
        AtomicInteger handled = new AtomicInteger();
        List<String> reasons = new CopyOnWriteArrayList<>();
        start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("c1").maxInFlight(4)
                .handler(note -> {
                    handled.incrementAndGet();
                    return Uni.createFrom().failure(new StreamConsumer.Unprocessable("no such thing"));
                })
                .deadLetter(stream + ":dead", new StreamConsumer.DeadLetterHandler<>() {
                    @Override
                    public Uni<Void> deadLettered(Note note, int deliveries) {
                        throw new AssertionError("the reason is passed on");
                    }

                    @Override
                    public Uni<Void> deadLettered(Note note, int deliveries, String reason) {
                        reasons.add(reason);
                        return Uni.createFrom().voidItem();
                    }
                }));
        add("poison");
        streams().xadd(stream, Map.of(EventPublisher.PAYLOAD, "{not json"));

        await().atMost(WAIT).until(() -> streams().xlen(stream + ":dead") == 2);
        List<StreamMessage<String, String, String>> dead = streams().xrange(stream + ":dead", StreamRange.of("-", "+"));
        assertThat(dead).extracting(m -> m.payload().get("reason"))
                .containsExactlyInAnyOrder("no such thing", "unreadable payload");
        assertThat(reasons).containsExactly("no such thing");
        assertThat(handled.get()).isEqualTo(1);
        await().atMost(WAIT).until(() -> streams().xpending(stream, "g").getPendingCount() == 0);
    }

    @Test
    void stopWaitsForTheEntriesInFlight() {
        Set<String> done = ConcurrentHashMap.newKeySet();
        StreamConsumer<Note> consumer = start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("c1").maxInFlight(4)
                .handler(note -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(1))
                        .invoke(() -> done.add(note.text()))));
        add("a");
        add("b");
        await().atMost(WAIT).until(() -> consumer.inFlight() == 2);

        consumer.stop();

        assertThat(done).containsExactlyInAnyOrder("a", "b");
        await().atMost(WAIT).until(() -> streams().xpending(stream, "g").getPendingCount() == 0);
        add("after stop");
        assertThat(streams().xpending(stream, "g").getPendingCount()).isZero();
    }

    private StreamConsumer<Note> start(StreamConsumer.Builder<Note> builder) {
        StreamConsumer<Note> consumer = builder.build();
        started.add(consumer);
        consumer.start();
        return consumer;
    }

    private void add(String text) {
        try {
            streams().xadd(stream, Map.of(EventPublisher.PAYLOAD, json.writeValueAsString(new Note(text))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> consumers() {
        List<String> names = new ArrayList<>();
        for (var consumer : redis.execute("XINFO", "CONSUMERS", stream, "g")) {
            names.add(consumer.get("name").toString());
        }
        return names;
    }

    private StreamCommands<String, String, String> streams() {
        return redis.stream(String.class, String.class, String.class);
    }
}
