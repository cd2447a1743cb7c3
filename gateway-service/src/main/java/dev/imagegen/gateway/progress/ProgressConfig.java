package dev.imagegen.gateway.progress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "imagegen.progress")
public interface ProgressConfig {

    /** Messages waiting for one WebSocket client; a client that falls this far behind is disconnected. */
    @WithDefault("256")
    int sendQueueCapacity();

    /** Entries one XREAD takes from the events stream. */
    @WithDefault("200")
    int readBatch();

    /** How long one XREAD waits for new events before asking again. */
    @WithDefault("2s")
    Duration readBlock();

    /** How long a ticket from {@code POST /ws/tickets} may wait before it opens a socket. */
    @WithDefault("30s")
    Duration ticketLifetime();

    /** Most stream entries scanned to replay a resuming client's missed events; beyond it the client must resync. */
    @WithDefault("10000")
    int replayScanLimit();
}
