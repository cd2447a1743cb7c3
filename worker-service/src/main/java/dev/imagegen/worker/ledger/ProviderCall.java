package dev.imagegen.worker.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One call to an image provider, whatever its outcome: the worker's record of money spent. */
@Entity
@Table(name = "provider_calls")
public class ProviderCall extends PanacheEntityBase {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @Id
    public UUID id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    /** Null once the user was erased: the call's cost stays on record, but no longer says whose it was. */
    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public String model;

    /** {@link #SUCCEEDED} or {@link #FAILED}. */
    @Column(nullable = false)
    public String outcome;

    @Column(name = "error_code")
    public String errorCode;

    /** Kept so a redelivered job can announce its result again without a second call. */
    @Column(name = "revised_prompt")
    public String revisedPrompt;

    @Column(nullable = false)
    public BigDecimal cost;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean succeeded() {
        return SUCCEEDED.equals(outcome);
    }
}
