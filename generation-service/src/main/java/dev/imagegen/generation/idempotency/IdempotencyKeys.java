package dev.imagegen.generation.idempotency;

import dev.imagegen.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A client's {@code Idempotency-Key} for a submit, kept 24 hours: the same key and body answer with the first
 * job, a different body is refused. The key's row is written in the submit's own transaction, so two
 * concurrent submits with one key make one job (the second waits on the first's row).
 */
@ApplicationScoped
public class IdempotencyKeys {

    static final Duration LIFETIME = Duration.ofHours(24);
    private static final int MAX_LENGTH = 255;

    private final Clock clock;

    public IdempotencyKeys(Clock clock) {
        this.clock = clock;
    }

    /** Refuses a key no client should send, before anything is written. */
    public static void check(String key) {
        if (key != null && (key.isBlank() || key.length() > MAX_LENGTH)) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1 to " + MAX_LENGTH + " characters");
        }
    }

    /** A fingerprint of the request, to tell a replay from a different request under the same key. */
    public static String fingerprint(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Binds the key to {@code jobId} unless a live binding exists; must run in the submit's transaction.
     *
     * @return the job the key answers with: {@code jobId} when this request is the first
     */
    public Uni<UUID> claim(UUID userId, String key, String fingerprint, UUID jobId) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO generation.idempotency_keys (user_id, key, request_hash, job_id,"
                        + " created_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id, key) DO UPDATE"
                        + " SET request_hash = EXCLUDED.request_hash, job_id = EXCLUDED.job_id,"
                        + " created_at = EXCLUDED.created_at WHERE idempotency_keys.created_at < ?6")
                .setParameter(1, userId).setParameter(2, key).setParameter(3, fingerprint).setParameter(4, jobId)
                .setParameter(5, now).setParameter(6, now.minus(LIFETIME))
                .executeUpdate()
                .chain(written -> written == 1 ? Uni.createFrom().item(jobId) : session
                        .<Object[]>createNativeQuery("SELECT job_id, request_hash FROM generation.idempotency_keys"
                                + " WHERE user_id = ?1 AND key = ?2")
                        .setParameter(1, userId).setParameter(2, key).getSingleResult()
                        .map(row -> {
                            if (!fingerprint.equals(row[1])) {
                                throw new ProblemException(422, "idempotency_key_reused", "This Idempotency-Key"
                                        + " was used with a different request in the last 24 hours");
                            }
                            return (UUID) row[0];
                        })));
    }
}
