package dev.imagegen.worker.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
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
    void aHungHandlerIsCancelledAtItsTimeoutAndTheEntryIsHandledAgain() {
        AtomicInteger calls = new AtomicInteger();
        Set<String> done = ConcurrentHashMap.newKeySet();
        StreamConsumer<Note> consumer = start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("c1").maxInFlight(1)
                .handlerTimeout(Duration.ofMillis(300))
                // The first handling hangs for ever (a stuck provider call); the second one works.
                .handler(note -> calls.incrementAndGet() == 1 ? Uni.createFrom().nothing()
                        : Uni.createFrom().voidItem().invoke(() -> done.add(note.text()))));
        add("stuck once");

        await().atMost(WAIT).until(() -> done.contains("stuck once"));
        assertThat(calls.get()).isEqualTo(2);
        await().atMost(WAIT).until(() -> streams().xpending(stream, "g").getPendingCount() == 0);
        assertThat(consumer.inFlight()).isZero();
    }

    @Test
    void aStoreOutageLongerThanEveryDeliveryNeverDeadLettersTheEntry() {
        int outageFailures = config.maxDeliveries() + 1;
        AtomicInteger calls = new AtomicInteger();
        Set<String> done = ConcurrentHashMap.newKeySet();
        start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("c1")
                // PostgreSQL refusing connections for more deliveries than an entry is allowed, then back
                .handler(note -> calls.incrementAndGet() <= outageFailures
                        ? Uni.createFrom().failure(new RuntimeException(new java.net.ConnectException(
                                "Connection refused")))
                        : Uni.createFrom().voidItem().invoke(() -> done.add(note.text()))));
        add("waits out the outage");

        await().atMost(Duration.ofSeconds(60)).until(() -> done.contains("waits out the outage"));
        assertThat(calls.get()).isEqualTo(outageFailures + 1);
        assertThat(streams().xlen(stream + ":dead")).isZero();
        await().atMost(WAIT).until(() -> streams().xpending(stream, "g").getPendingCount() == 0);
    }

    @Test
    void entriesGivenUpOnGoToTheStreamsOwnDeadLetterStreamByDefault() {
        start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("c1")
                .handler(note -> Uni.createFrom().failure(new StreamConsumer.Unprocessable("never works"))));
        add("poison");

        await().atMost(WAIT).until(() -> streams().xlen(stream + ":dead") == 1);
        assertThat(streams().xrange(stream + ":dead", StreamRange.of("-", "+")).get(0).payload())
                .containsEntry("reason", "never works").containsEntry("group", "g");
    }

    @Test
    void trimsOnlyWhatEveryGroupAcknowledged() {
        // Ten entries from long ago (past the age bound), and a second group that has read none of them yet.
        for (int i = 1; i <= 10; i++) {
            streams().xadd(stream, new XAddArgs().id(i + "-1"), Map.of(EventPublisher.PAYLOAD, "{\"text\":\"" + i + "\"}"));
        }
        streams().xgroupCreate(stream, "other", "0");
        Set<String> done = ConcurrentHashMap.newKeySet();
        start(StreamConsumer.builder(redis, json, config)
                .read(stream, Note.class).group("g").consumer("c1").maxInFlight(4).trimAcknowledged()
                .handler(note -> Uni.createFrom().voidItem().invoke(() -> done.add(note.text()))));
        await().atMost(WAIT).until(() -> done.size() == 10 && streams().xpending(stream, "g").getPendingCount() == 0);
        // Trimming runs with every claim check (each second here): wait for two, nothing may go.
        await().pollDelay(config.claimIdle()).atMost(WAIT).until(() -> true);
        assertThat(streams().xlen(stream)).isEqualTo(10);

        // The other group reads five and acknowledges all but the third.
        List<StreamMessage<String, String, String>> read = streams().xreadgroup("other", "o1", stream, ">",
                new XReadGroupArgs().count(5));
        read.stream().filter(m -> !m.id().equals("3-1")).forEach(m -> streams().xack(stream, "other", m.id()));
        await().atMost(WAIT).until(() -> streams().xlen(stream) == 8); // the pending third stays
        assertThat(streams().xrange(stream, StreamRange.of("-", "+")).get(0).id()).isEqualTo("3-1");

        streams().xack(stream, "other", "3-1");
        await().atMost(WAIT).until(() -> streams().xlen(stream) == 6); // up to the other group's last read
        assertThat(streams().xrange(stream, StreamRange.of("-", "+")).get(0).id()).isEqualTo("5-1");
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
