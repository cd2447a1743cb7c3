package dev.imagegen.worker.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.worker.WorkerConfig;
import dev.imagegen.worker.ledger.CallResult;
import dev.imagegen.worker.provider.GeneratedImage;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Parks a job's images under its claim-check keys, and beside them what the call made
 * ({@code <prefix>:worker:parked:<job_id>}, written last): its presence says every image is parked, so a worker
 * that died before recording the call can be followed by one that records it without calling again.
 */
@ApplicationScoped
public class ClaimChecks {

    private final StreamKeys keys;
    private final String prefix;
    private final ReactiveValueCommands<String, byte[]> images;
    private final ReactiveValueCommands<String, String> results;
    private final ReactiveKeyCommands<String> redisKeys;
    private final ObjectMapper json;
    private final Duration ttl;

    public ClaimChecks(StreamKeys keys, StreamsConfig streams, ReactiveRedisDataSource redis, ObjectMapper json,
            WorkerConfig config) {
        this.keys = keys;
        this.prefix = streams.prefix();
        this.images = redis.value(byte[].class);
        this.results = redis.value(String.class);
        this.redisKeys = redis.key();
        this.json = json;
        this.ttl = config.claimTtl();
    }

    /** The claim keys of a job's images, in order. */
    public List<String> keys(UUID jobId, int count) {
        return IntStream.range(0, Math.max(1, count)).mapToObj(i -> keys.claimCheck(jobId, i)).toList();
    }

    /** Parks image i under claim key i, all with the claim's time to live, then the result that vouches for them. */
    public Uni<Void> park(UUID jobId, GeneratedImage image) {
        List<String> claimKeys = keys(jobId, image.images().size());
        List<Uni<Void>> parked = IntStream.range(0, claimKeys.size())
                .mapToObj(i -> images.set(claimKeys.get(i), image.images().get(i), new SetArgs().px(ttl))).toList();
        String result;
        try {
            result = json.writeValueAsString(CallResult.of(image));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return Uni.join().all(parked).andFailFast()
                .chain(() -> results.set(resultKey(jobId), result, new SetArgs().px(ttl)));
    }

    /** What the call of a job whose images are all parked made, or null when none (or not all) are. */
    public Uni<CallResult> parked(UUID jobId) {
        return results.get(resultKey(jobId)).chain(stored -> {
            if (stored == null) {
                return Uni.createFrom().nullItem();
            }
            CallResult result;
            try {
                result = json.readValue(stored, CallResult.class);
            } catch (JsonProcessingException e) {
                Log.warnf("Job %s: unreadable parked result, calling the provider again: %s", jobId, e.getMessage());
                return Uni.createFrom().nullItem();
            }
            List<String> claimKeys = keys(jobId, result.images());
            return redisKeys.exists(claimKeys.toArray(String[]::new))
                    .map(present -> present == claimKeys.size() ? result : null);
        });
    }

    /** Whether the first image of a job is still parked (gallery-service takes it once stored). */
    public Uni<Boolean> present(UUID jobId) {
        return redisKeys.exists(keys.claimCheck(jobId));
    }

    private String resultKey(UUID jobId) {
        return prefix + ":worker:parked:" + jobId;
    }
}
