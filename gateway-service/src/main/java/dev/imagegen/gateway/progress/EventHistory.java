package dev.imagegen.gateway.progress;

import dev.imagegen.common.streams.StreamKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads a user's past events back from the events stream for a client that reconnects. */
@ApplicationScoped
public class EventHistory {

    private static final int PAGE = 500;

    private final ReactiveStreamCommands<String, String, String> streams;
    private final String key;
    private final EventCodec codec;
    private final int scanLimit;

    public EventHistory(ReactiveRedisDataSource redis, StreamKeys keys, EventCodec codec, ProgressConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.key = keys.events();
        this.codec = codec;
        this.scanLimit = config.replayScanLimit();
    }

    /** What a resuming client is sent: notices (e.g. resync) first, then its events in stream order. */
    record Replay(List<String> notices, List<ProgressSubscriber.Outgoing> events) {
    }

    /**
     * The user's events after {@code after} and before {@code before} (both exclusive; a null
     * {@code before} reads to the stream's end).
     */
    Uni<Replay> replay(UUID userId, String after, String before) {
        Replay replay = new Replay(new ArrayList<>(), new ArrayList<>());
        return streams.xrange(key, StreamRange.of("-", "+"), 1)
                .invoke(oldest -> {
                    if (!oldest.isEmpty() && EventIds.compare(oldest.get(0).id(), after) > 0) {
                        replay.notices().add(codec.write(ProgressMessage.resync(
                                "Events after " + after + " were trimmed from the stream")));
                    }
                })
                .chain(ignored -> page(userId, after, before, 0, replay))
                .replaceWith(replay);
    }

    private Uni<Void> page(UUID userId, String after, String before, int scanned, Replay replay) {
        StreamRange range = StreamRange.of("(" + after, before == null ? "+" : "(" + before);
        return streams.xrange(key, range, PAGE).chain(entries -> {
            for (StreamMessage<String, String, String> entry : entries) {
                codec.read(entry).filter(event -> event.userId().equals(userId))
                        .ifPresent(event -> replay.events().add(codec.outgoing(event, entry.id())));
            }
            int total = scanned + entries.size();
            if (entries.size() < PAGE) {
                return Uni.createFrom().voidItem();
            }
            if (total >= scanLimit) {
                replay.notices().add(codec.write(ProgressMessage.resync(
                        "Too many events since " + after + " to replay; re-read your tasks' status")));
                return Uni.createFrom().voidItem();
            }
            return page(userId, entries.get(entries.size() - 1).id(), before, total, replay);
        });
    }
}
