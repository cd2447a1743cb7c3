package dev.imagegen.common.models;

import dev.imagegen.common.streams.StreamKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Shutdown dates the provider announces ({@code GET /v1/models}'s {@code shutdown_date}), written by the worker
 * that asked and read by the services that pick models; a configured {@code shutdown-date} is used until then.
 */
@ApplicationScoped
public class ModelShutdowns {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final String key;

    public ModelShutdowns(ReactiveRedisDataSource redis, StreamKeys keys) {
        this.hashes = redis.hash(String.class, String.class, String.class);
        this.key = keys.modelShutdowns();
    }

    public Uni<Void> announce(String model, LocalDate shutdownDate) {
        return hashes.hset(key, model, shutdownDate.toString()).replaceWithVoid();
    }

    /** Every announced date by model; an unreadable entry is skipped. */
    public Uni<Map<String, LocalDate>> announced() {
        return hashes.hgetall(key).map(entries -> {
            Map<String, LocalDate> dates = new HashMap<>();
            entries.forEach((model, date) -> {
                try {
                    dates.put(model, LocalDate.parse(date));
                } catch (DateTimeParseException e) {
                    // written by another version; the configured date stands
                }
            });
            return dates;
        });
    }
}
