package dev.imagegen.common.streams;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Removes an erased user's entries from the jobs and events streams, which carry their prompts until trimmed.
 * Called by the service that owns jobs (generation) when it erases a user.
 */
@ApplicationScoped
public class StreamErasure {

    /** Entries read per round trip; both streams are bounded (trimmed), so an erasure reads a bounded amount. */
    static final int PAGE = 500;

    private final ReactiveStreamCommands<String, String, String> streams;
    private final StreamKeys keys;

    StreamErasure(ReactiveRedisDataSource redis, StreamKeys keys) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.keys = keys;
    }

    /** Deletes every entry of the user from the jobs and events streams; answers how many went. */
    public Uni<Long> eraseUser(UUID userId) {
        String marker = "\"user_id\":\"" + userId + "\"";
        return erase(keys.jobs(), marker, "-").chain(jobs -> erase(keys.events(), marker, "-").map(e -> jobs + e));
    }

    private Uni<Long> erase(String stream, String marker, String from) {
        return streams.xrange(stream, StreamRange.of(from, "+"), PAGE).chain(page -> {
            String[] ids = page.stream().filter(entry -> belongs(entry, marker)).map(StreamMessage::id)
                    .toArray(String[]::new);
            Uni<Long> deleted = ids.length == 0 ? Uni.createFrom().item(0L)
                    : streams.xdel(stream, ids).map(Integer::longValue);
            if (page.size() < PAGE) {
                return deleted;
            }
            String after = "(" + page.get(page.size() - 1).id();
            return deleted.chain(count -> erase(stream, marker, after).map(more -> count + more));
        });
    }

    private static boolean belongs(StreamMessage<String, String, String> entry, String marker) {
        String payload = entry.payload() == null ? null : entry.payload().get(EventPublisher.PAYLOAD);
        return payload != null && payload.contains(marker);
    }

}
