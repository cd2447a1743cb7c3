package dev.imagegen.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** The state changes of a job, in the order they happen. */
public enum EventType {
    QUEUED, STARTED, PROGRESS, GENERATED, STORED, FAILED, CANCELLED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    /** True for the events after which nothing more happens to the job. */
    public boolean isTerminal() {
        return this == STORED || this == FAILED || this == CANCELLED;
    }
}
