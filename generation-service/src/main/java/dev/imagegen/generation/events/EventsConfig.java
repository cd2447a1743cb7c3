package dev.imagegen.generation.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How this replica applies the job events stream. */
@ConfigMapping(prefix = "imagegen.generation.events")
public interface EventsConfig {

    /**
     * Events applied at once. Each holds one of the reactive pool's 20 connections for a few milliseconds (row locks
     * make concurrent events of one job take turns); 8 leaves the pool to the API, and one stuck event no longer
     * holds up every other job's.
     */
    @WithDefault("8")
    int maxInFlight();

    /**
     * Longest one event may take to apply (normally milliseconds); past it the entry stays pending and is claimed
     * again, so a connection lost during a database restart delays one event, not the stream.
     */
    @WithDefault("15s")
    Duration handlerTimeout();
}
