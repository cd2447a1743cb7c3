package dev.imagegen.generation.quota;

import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.models.TokenUsage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The cost ledger: one charge per job, reserved before the job is queued, then settled or released.
 * A reservation locks the user's {@code quota_accounts} row, so concurrent submits of one user — on any
 * replica — check and reserve one after the other and can never overspend. Every method must run inside
 * the caller's transaction.
 */
@ApplicationScoped
public class QuotaLedger {

    public static final String DAILY_IMAGES = "daily_images";
    public static final String MONTHLY_COST = "monthly_cost";
    /** Sums of a group of charges' tokens, in and out; cached tokens are part of the input counts. */
    public static final String INPUT_TOKENS = "coalesce(sum(input_text_tokens + input_image_tokens), 0)";
    public static final String OUTPUT_TOKENS = "coalesce(sum(output_image_tokens + output_text_tokens), 0)";
    /** A charge's tokens, set from parameters ?3 to ?7 of {@link #update}. */
    private static final String TOKENS = "input_text_tokens = ?3, input_image_tokens = ?4, cached_tokens = ?5,"
            + " output_image_tokens = ?6, output_text_tokens = ?7";

    private final QuotaConfig config;
    private final Clock clock;

    public QuotaLedger(QuotaConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Reserves the job's {@code images} against the daily limit and {@code price} against the monthly one, or fails
     * with {@link QuotaExceededException}.
     */
    public Uni<Void> reserve(UUID userId, UUID jobId, int images, BigDecimal price) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO generation.quota_accounts (user_id) VALUES (?1) ON CONFLICT DO NOTHING")
                .setParameter(1, userId).executeUpdate()
                .chain(() -> usage(session, userId, true))
                .chain(usage -> {
                    if (usage.imagesToday() + images > usage.dailyLimit()) {
                        return Uni.createFrom().failure(new QuotaExceededException(DAILY_IMAGES,
                                String.valueOf(usage.imagesToday()), String.valueOf(usage.dailyLimit()),
                                usage.dayResetsAt(), (images == 1 ? "The daily limit of " + usage.dailyLimit()
                                        + " images is reached" : "This job makes " + images + " images and "
                                        + usage.imagesToday() + " of the daily limit of " + usage.dailyLimit()
                                        + " are used") + "; it resets at " + usage.dayResetsAt()));
                    }
                    if (usage.monthSpend().add(price).compareTo(usage.monthlyLimit()) > 0) {
                        return Uni.createFrom().failure(new QuotaExceededException(MONTHLY_COST,
                                usage.monthSpend().toPlainString(), usage.monthlyLimit().toPlainString(),
                                usage.monthResetsAt(), "This job is expected to cost $" + price.toPlainString()
                                        + " and $"
                                        + usage.monthSpend().toPlainString() + " of the monthly limit of $"
                                        + usage.monthlyLimit().toPlainString() + " is used; it resets at "
                                        + usage.monthResetsAt()));
                    }
                    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                    return session.createNativeQuery("INSERT INTO generation.charges (job_id, user_id, amount, images,"
                            + " state, created_at, updated_at) VALUES (?1, ?2, ?3, ?5, 'RESERVED', ?4, ?4)")
                            .setParameter(1, jobId).setParameter(2, userId).setParameter(3, ModelProfiles.roundCost(price))
                            .setParameter(4, now).setParameter(5, images).executeUpdate().replaceWithVoid();
                }));
    }

    /**
     * The job made its images: the charge becomes their real cost, whether above or below the reservation, with
     * the tokens the provider billed beside it ({@code usage} null for per-image models); with no cost known, the
     * reserved price. A reservation released meanwhile (by the sweep, or for a failure) is charged too, because
     * the provider did bill for the images. Settles once, whichever event of the image comes first.
     *
     * @return the settled charge, empty when it was settled before
     */
    public Uni<Optional<Charge>> settle(UUID jobId, BigDecimal amount, TokenUsage usage) {
        if (amount == null) {
            return update(jobId, "state = 'SETTLED'", "state <> 'SETTLED'");
        }
        return update(jobId, TOKENS + ", amount = ?8, state = 'SETTLED'", "state <> 'SETTLED'",
                tokens(usage, ModelProfiles.roundCost(amount)));
    }

    /** The tokens of a charge settled before they were known (by {@code stored}, which carries only the cost). */
    public Uni<Void> recordTokens(UUID jobId, TokenUsage usage) {
        return update(jobId, TOKENS, "state = 'SETTLED' AND input_text_tokens IS NULL", tokens(usage))
                .replaceWithVoid();
    }

    /** The values of {@link #TOKENS} (all null for a per-image model), then {@code more}. */
    private static Object[] tokens(TokenUsage usage, Object... more) {
        boolean known = usage != null;
        List<Object> values = new ArrayList<>(Arrays.asList(known ? usage.inputTextTokens() : null,
                known ? usage.inputImageTokens() : null,
                known ? usage.cachedTextTokens() + usage.cachedImageTokens() : null,
                known ? usage.outputImageTokens() : null, known ? usage.outputTextTokens() : null));
        values.addAll(Arrays.asList(more));
        return values.toArray();
    }

    /** The job failed: its reservation, or its charge if an image was settled before the failure, is given back. */
    public Uni<Void> refund(UUID jobId) {
        return update(jobId, "state = 'RELEASED'", "state <> 'RELEASED'").replaceWithVoid();
    }

    /**
     * The job ended without telling what it cost: the reserved price counts as spent.
     *
     * @return the settled charge, empty when it was not reserved any more
     */
    public Uni<Optional<Charge>> spend(UUID jobId) {
        return update(jobId, "state = 'SETTLED'", "state = 'RESERVED'");
    }

    /**
     * Releases up to {@code batch} reservations made before {@code cutoff} whose job has not got as far as an
     * image (a generated or completed job's image was billed, whatever its charge says). The charge and its job row are locked
     * with SKIP LOCKED, so a sweep never waits: not on another replica's sweep (no reservation is released twice),
     * nor on an event being applied to the job (which locks the job, then its charge).
     *
     * @return the jobs whose reservations were released
     */
    public Uni<List<UUID>> expire(Instant cutoff, int batch) {
        return Panache.getSession().chain(session -> session.<UUID>createNativeQuery("WITH expired AS ("
                + "SELECT c.job_id FROM generation.charges c JOIN generation.jobs j ON j.id = c.job_id"
                + " WHERE c.state = 'RESERVED' AND c.created_at < ?1 AND j.status IN ('QUEUED', 'RUNNING')"
                + " ORDER BY c.created_at LIMIT ?2"
                + " FOR UPDATE OF c, j SKIP LOCKED)"
                + " UPDATE generation.charges SET state = 'RELEASED', updated_at = ?3"
                + " WHERE job_id IN (SELECT job_id FROM expired) RETURNING job_id", UUID.class)
                .setParameter(1, cutoff.atOffset(ZoneOffset.UTC)).setParameter(2, batch)
                .setParameter(3, OffsetDateTime.now(clock)).getResultList());
    }

    /** Reservations of every user still waiting for their job to settle or fail. */
    public Uni<Long> outstanding() {
        return Panache.getSession().chain(session -> session.<Long>createNativeQuery("SELECT count(*) FROM"
                + " generation.charges WHERE state = 'RESERVED'", Long.class).getSingleResult());
    }

    /** Notes a refused submit for the admin report, in a transaction of its own (the submit's rolled back). */
    public Uni<Void> recordRefusal(UUID userId, String limit) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO generation.quota_refusals (id, user_id, limit_name, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, userId).setParameter(3, limit)
                .setParameter(4, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .executeUpdate())).replaceWithVoid();
    }

    /** The user's standing now, without locking. */
    public Uni<Usage> usage(UUID userId) {
        return Panache.getSession().chain(session -> usage(session, userId, false));
    }

    /** One job's charge after it changed. */
    public record Charge(UUID jobId, UUID userId, BigDecimal amount) {
    }

    /**
     * The user's standing and this month's charges by UTC day, reservations included, with the tokens billed
     * (input counts cached tokens, as OpenAI reports them).
     */
    public Uni<UsageReport> report(UUID userId) {
        return Panache.getSession().chain(session -> usage(session, userId, false).chain(usage -> session
                .<Object[]>createNativeQuery("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),"
                        + " sum(images), sum(amount), " + INPUT_TOKENS + ", " + OUTPUT_TOKENS
                        + " FROM generation.charges WHERE user_id = ?1 AND state <> 'RELEASED'"
                        + " AND created_at >= ?2 GROUP BY 1 ORDER BY 1")
                .setParameter(1, userId)
                .setParameter(2, usage.monthResetsAt().atOffset(ZoneOffset.UTC).minusMonths(1))
                .getResultList()
                .map(rows -> UsageReport.of(usage, rows.stream()
                        .map(row -> new UsageReport.Day((String) row[0], ((Number) row[1]).intValue(),
                                (BigDecimal) row[2], ((Number) row[3]).longValue(), ((Number) row[4]).longValue()))
                        .toList()))));
    }

    /** Sets {@code set} (its values are ?3 on) where {@code condition} holds, and answers the changed charge. */
    private Uni<Optional<Charge>> update(UUID jobId, String set, String condition, Object... values) {
        return Panache.getSession().chain(session -> {
            var query = session.<Object[]>createNativeQuery("UPDATE generation.charges SET " + set
                    + ", updated_at = ?2 WHERE job_id = ?1 AND " + condition + " RETURNING user_id, amount")
                    .setParameter(1, jobId).setParameter(2, OffsetDateTime.now(clock));
            for (int i = 0; i < values.length; i++) {
                query.setParameter(i + 3, values[i]);
            }
            return query.getResultList().map(rows -> rows.stream()
                    .map(row -> new Charge(jobId, (UUID) row[0], (BigDecimal) row[1])).findFirst());
        });
    }

    private Uni<Usage> usage(Mutiny.Session session, UUID userId, boolean lock) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        OffsetDateTime dayStart = today.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime monthStart = today.withDayOfMonth(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        return session.<Object[]>createNativeQuery("SELECT daily_images, monthly_cost FROM generation.quota_accounts"
                + " WHERE user_id = ?1" + (lock ? " FOR UPDATE" : ""))
                .setParameter(1, userId).getResultList()
                .chain(accounts -> session.<Object[]>createNativeQuery("SELECT coalesce(sum(images) FILTER"
                        + " (WHERE created_at >= ?2), 0),"
                        + " coalesce(sum(amount), 0), coalesce(sum(amount) FILTER (WHERE state = 'RESERVED'), 0)"
                        + " FROM generation.charges WHERE user_id = ?1 AND state <> 'RELEASED' AND created_at >= ?3")
                        .setParameter(1, userId).setParameter(2, dayStart).setParameter(3, monthStart)
                        .getSingleResult()
                        .map(totals -> {
                            Object[] account = accounts.isEmpty() ? new Object[2] : accounts.get(0);
                            int dailyLimit = account[0] == null ? config.dailyImages()
                                    : ((Number) account[0]).intValue();
                            BigDecimal monthlyLimit = account[1] == null ? config.monthlyCost()
                                    : (BigDecimal) account[1];
                            return new Usage(((Number) totals[0]).intValue(), dailyLimit, (BigDecimal) totals[1],
                                    monthlyLimit, (BigDecimal) totals[2], dayStart.plusDays(1).toInstant(),
                                    monthStart.plusMonths(1).toInstant());
                        }));
    }
}
