package dev.imagegen.worker.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.StreamConsumer;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.worker.WorkerConfig;
import dev.imagegen.worker.provider.ImageProvider;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/** Reads the jobs stream in consumer group {@value #GROUP}, up to {@code max-in-flight} jobs at once. */
@ApplicationScoped
public class JobConsumer {

    public static final String GROUP = "workers";

    private final StreamConsumer<JobMessage> consumer;
    private final ImageProvider provider;
    private final int maxInFlight;
    private final JobMetrics metrics;

    public JobConsumer(@RedisClientName(StreamConsumer.REDIS_CLIENT) RedisDataSource redis,
            ObjectMapper json, StreamsConfig streams, StreamKeys keys, JobHandler handler, JobLeases leases,
            ImageProvider provider, WorkerConfig config, JobMetrics metrics) {
        this.consumer = StreamConsumer.builder(redis, json, streams)
                .read(keys.jobs(), JobMessage.class)
                .group(GROUP)
                .maxInFlight(config.maxInFlight())
                // Not common's 2 min default: one job's calls take up to timeout-seconds x (max-retries + 1) plus
                // the backoff (about 4 min by default, within the 5 min hard time limit), possibly after waiting for
                // a duplicate's lease; cutting off a live provider call would only have it made, and paid, again.
                .handlerTimeout(config.handlerTimeout())
                // Acknowledged jobs are of no more use: Redis runs without eviction, so the stream must not grow.
                .trimAcknowledged()
                .handler(handler::handle)
                .deadLetter(keys.deadJobs(), new StreamConsumer.DeadLetterHandler<>() {
                    @Override
                    public Uni<Void> deadLettered(JobMessage job, int deliveries) {
                        return handler.deadLettered(job, deliveries, null);
                    }

                    @Override
                    public Uni<Void> deadLettered(JobMessage job, int deliveries, String reason) {
                        return handler.deadLettered(job, deliveries, reason);
                    }
                })
                .build();
        Duration longestJob = config.hardTimeLimit().multipliedBy(2).plus(leases.ttl());
        if (config.handlerTimeout().compareTo(longestJob) <= 0) {
            Log.warnf("imagegen.worker.handler-timeout (%s) is not above twice the hard time limit plus lease-ttl "
                    + "(%s): a job still running may be cut off and its provider call made again",
                    config.handlerTimeout(), longestJob);
        }
        this.provider = provider;
        this.maxInFlight = config.maxInFlight();
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        Log.infof("Rendering jobs with the %s provider (default model %s), up to %d at once", provider.name(),
                provider.defaultModel(), maxInFlight);
        provider.checkModel().subscribe().with(ignored -> {
        });
        metrics.watch(consumer);
        consumer.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        consumer.stop();
    }
}
