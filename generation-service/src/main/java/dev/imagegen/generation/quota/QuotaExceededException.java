package dev.imagegen.generation.quota;

import dev.imagegen.common.problem.ProblemException;

import java.time.Instant;

/** A reservation that would take a user past one of their limits. */
public class QuotaExceededException extends ProblemException {

    private final String limit;
    private final String used;
    private final String max;
    private final Instant resetsAt;

    QuotaExceededException(String limit, String used, String max, Instant resetsAt, String detail) {
        super(429, "quota_exceeded", detail);
        this.limit = limit;
        this.used = used;
        this.max = max;
        this.resetsAt = resetsAt;
    }

    public String limit() {
        return limit;
    }

    public String used() {
        return used;
    }

    public String max() {
        return max;
    }

    public Instant resetsAt() {
        return resetsAt;
    }
}
