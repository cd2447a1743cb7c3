package dev.imagegen.generation.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The reconciler that queues jobs committed without their entry on the jobs stream (a crash, Redis down). */
@ConfigMapping(prefix = "imagegen.outbox")
public interface OutboxConfig {

    /** How often each replica looks for such jobs ({@code off} disables it). */
    @WithDefault("5s")
    String interval();

    /** Age after which a job not yet on the stream counts as lost by its submit, and is queued again. */
    @WithDefault("5s")
    Duration requeueAfter();

    /** Most jobs one run queues. */
    @WithDefault("100")
    int batch();

    /** Jobs waiting for the stream beyond which submits are refused (503) until the backlog drains. */
    @WithDefault("1000")
    long maxBacklog();
}
