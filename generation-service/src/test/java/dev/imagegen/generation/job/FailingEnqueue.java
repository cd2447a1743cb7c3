package dev.imagegen.generation.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The real publisher, whose XADD to the jobs stream a test can make fail: the job's row is then committed without
 * its stream entry, as when a replica dies between the two.
 */
@Alternative
@Priority(1)
@Singleton
public class FailingEnqueue extends EventPublisher {

    private static volatile boolean failing;

    public FailingEnqueue(ReactiveRedisDataSource redis, StreamKeys keys, ObjectMapper json, StreamsConfig config) {
        super(redis, keys, json, config);
    }

    static void fail(boolean fail) {
        failing = fail;
    }

    @Override
    public Uni<String> enqueue(JobMessage job) {
        return failing ? Uni.createFrom().failure(new IllegalStateException("the jobs stream is unreachable (test)"))
                : super.enqueue(job);
    }
}
