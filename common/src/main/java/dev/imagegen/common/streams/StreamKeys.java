package dev.imagegen.common.streams;

import jakarta.enterprise.context.ApplicationScoped;

/** The Redis keys of the suite's streams, all under one configurable prefix (tests use their own). */
@ApplicationScoped
public class StreamKeys {

    private final String prefix;

    public StreamKeys(StreamsConfig config) {
        this.prefix = config.prefix();
    }

    /** Accepted jobs, read by the workers. */
    public String jobs() {
        return prefix + ":jobs";
    }

    /** Jobs that exhausted their deliveries. */
    public String deadJobs() {
        return prefix + ":jobs:dead";
    }

    /** Every state change of every job. */
    public String events() {
        return prefix + ":events";
    }

    /** Where the worker parks a generated image until gallery-service has stored it. */
    public String claimCheck(java.util.UUID jobId) {
        return prefix + ":claim:" + jobId;
    }

    /** Where the worker parks image {@code index} (from 0) of a job that makes several. */
    public String claimCheck(java.util.UUID jobId, int index) {
        return index == 0 ? claimCheck(jobId) : claimCheck(jobId) + ":" + index;
    }

    /** Hash of model name to the shutdown date the provider announced for it (ISO date). */
    public String modelShutdowns() {
        return prefix + ":models:shutdown";
    }

    /** Set (with a TTL of a token's lifetime) when the user deleted their account: every token of theirs is refused. */
    public String revoked(Object userId) {
        return prefix + ":revoked:" + userId;
    }

    /** Epoch ms of the user's last change of roles: their tokens with roles read before it are refused. */
    public String rolesChanged(Object userId) {
        return prefix + ":roles-changed:" + userId;
    }
}
