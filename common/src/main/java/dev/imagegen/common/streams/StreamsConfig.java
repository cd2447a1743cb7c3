package dev.imagegen.common.streams;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

@ConfigMapping(prefix = "imagegen.streams")
public interface StreamsConfig {

    /** Prefix of every stream and claim-check key. */
    @WithDefault("imagegen")
    String prefix();

    /** How long one XREADGROUP waits for new entries. */
    @WithDefault("2s")
    Duration block();

    /** An entry pending this long without an ack is claimed by another consumer. */
    @WithDefault("60s")
    Duration claimIdle();

    /** Deliveries after which an entry is dead-lettered instead of handled again. */
    @WithDefault("5")
    int maxDeliveries();

    /** How long a stopping consumer waits for the entries it is handling before it leaves them pending. */
    @WithDefault("30s")
    Duration shutdownGrace();

    /** Approximate length the events stream is trimmed to. */
    @WithDefault("100000")
    long eventsMaxLen();

    /**
     * Longest a handler may take for one entry; past it the handling is cancelled and the entry stays pending,
     * so a hung handler never holds its claim forever (another consumer claims it, or it is dead-lettered after
     * {@link #maxDeliveries()}). A consumer whose work is slower sets its own bound.
     */
    @WithDefault("2m")
    Duration handlerTimeout();

    /**
     * Acknowledged entries older than this are trimmed from the streams whose consumers ask for it (jobs,
     * users), so Redis under {@code noeviction} never fills up; younger ones stay for an operator to look at.
     */
    @WithDefault("1h")
    Duration trimAfter();

    /** Approximate length every dead-letter stream is trimmed to. */
    @WithDefault("10000")
    long deadLetterMaxLen();

    /**
     * Per consumer, by the name its service gives it ({@code imagegen.streams.consumers.<name>.max-in-flight},
     * {@code .handler-timeout}): set by the service in its own configuration, and changeable by an operator.
     */
    Map<String, Consumer> consumers();

    interface Consumer {
        /** Entries handled at once (when unset: one after another, in stream order). */
        OptionalInt maxInFlight();

        /** Longest one entry's handling may take (default {@link StreamsConfig#handlerTimeout()}). */
        Optional<Duration> handlerTimeout();
    }
}
