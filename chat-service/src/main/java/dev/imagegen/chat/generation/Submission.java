package dev.imagegen.chat.generation;

import java.util.UUID;

/** generation-service's answer to a job request: a task to follow, or the reason it said no. */
public sealed interface Submission {

    record Accepted(UUID taskId) implements Submission {
    }

    /** {@code code} is the problem's machine-readable reason (e.g. {@code validation}), when it gave one. */
    record Refused(String code, String reason) implements Submission {
    }
}
