package dev.imagegen.generation.job;

/** Where a job is; clients see the coarser seed values of {@link #publicStatus()}. */
public enum JobStatus {
    QUEUED, RUNNING, GENERATED, COMPLETED, FAILED, CANCELLED;

    /** The seed's contract: pending until the image is stored, then completed or failed. */
    public String publicStatus() {
        return switch (this) {
            case QUEUED, RUNNING, GENERATED -> "pending";
            case COMPLETED -> "completed";
            case FAILED, CANCELLED -> "failed";
        };
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
