package dev.imagegen.generation.admin;

import dev.imagegen.generation.quota.QuotaLedger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Usage of every user for the admin, read straight from the ledger, the jobs and both kinds of refusal. */
@ApplicationScoped
public class AdminUsageService {

    /** Each user's month as {@code per_user}; ?1 and ?2 bound the month. */
    private static final String PER_USER = """
            WITH c AS (SELECT user_id, sum(images) AS images, sum(amount) AS spend,
                              %s AS input_tokens, %s AS output_tokens FROM generation.charges
                       WHERE state <> 'RELEASED' AND created_at >= ?1 AND created_at < ?2 GROUP BY user_id),
                 f AS (SELECT user_id, count(*) AS failures FROM generation.jobs
                       WHERE status = 'FAILED' AND created_at >= ?1 AND created_at < ?2 GROUP BY user_id),
                 r AS (SELECT user_id, count(*) AS refusals FROM generation.content_refusals
                       WHERE created_at >= ?1 AND created_at < ?2 GROUP BY user_id),
                 q AS (SELECT user_id, count(*) AS refusals FROM generation.quota_refusals
                       WHERE created_at >= ?1 AND created_at < ?2 GROUP BY user_id),
                 u AS (SELECT user_id FROM c UNION SELECT user_id FROM f UNION SELECT user_id FROM r
                       UNION SELECT user_id FROM q),
                 per_user AS (
                       SELECT u.user_id, coalesce(c.images, 0) AS images, coalesce(c.spend, 0) AS spend,
                              coalesce(f.failures, 0) AS failures, coalesce(r.refusals, 0) AS content_refusals,
                              coalesce(q.refusals, 0) AS quota_refusals, coalesce(c.input_tokens, 0) AS input_tokens,
                              coalesce(c.output_tokens, 0) AS output_tokens
                       FROM u LEFT JOIN c ON c.user_id = u.user_id LEFT JOIN f ON f.user_id = u.user_id
                              LEFT JOIN r ON r.user_id = u.user_id LEFT JOIN q ON q.user_id = u.user_id)
            """.formatted(QuotaLedger.INPUT_TOKENS, QuotaLedger.OUTPUT_TOKENS);
    private static final String BIGGEST_SPENDER_FIRST = " ORDER BY spend DESC, user_id";
    /** ?3 is a LIKE pattern on the user id's text. */
    private static final String MATCHING = "user_id::text LIKE ?3";

    /** Every user with any activity in the month (UTC), biggest spender first. */
    public Uni<List<UserUsage>> month(YearMonth month) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> bounded(session
                .<Object[]>createNativeQuery(PER_USER + "SELECT * FROM per_user" + BIGGEST_SPENDER_FIRST), month)
                .getResultList()))
                .map(AdminUsageService::users);
    }

    /**
     * One page of the month's users whose id starts with {@code userIdPrefix} (null: everyone), biggest spender
     * first, with the count of matching users and the sums of the whole month.
     */
    public Uni<UsagePage> page(YearMonth month, String userIdPrefix, int page, int size) {
        String pattern = (userIdPrefix == null ? "" : userIdPrefix.toLowerCase(Locale.ROOT)) + "%";
        return Panache.withSession(() -> Panache.getSession().chain(session -> bounded(session
                .<Object[]>createNativeQuery(PER_USER + "SELECT * FROM per_user WHERE " + MATCHING
                        + BIGGEST_SPENDER_FIRST + " LIMIT ?4 OFFSET ?5"), month)
                .setParameter(3, pattern).setParameter(4, size).setParameter(5, (long) (page - 1) * size)
                .getResultList()
                .chain(rows -> bounded(session.<Object[]>createNativeQuery(PER_USER + "SELECT count(*) FILTER"
                        + " (WHERE " + MATCHING + "), count(*), coalesce(sum(images), 0), coalesce(sum(spend), 0),"
                        + " coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0) FROM per_user"), month)
                        .setParameter(3, pattern)
                        .getSingleResult()
                        .map(sums -> new UsagePage(month.toString(), users(rows), page, size,
                                ((Number) sums[0]).longValue(), new UsagePage.MonthTotals(
                                        ((Number) sums[1]).longValue(), ((Number) sums[2]).longValue(),
                                        (BigDecimal) sums[3], ((Number) sums[4]).longValue(),
                                        ((Number) sums[5]).longValue()))))));
    }

    private static <T> Mutiny.Query<T> bounded(Mutiny.Query<T> query, YearMonth month) {
        OffsetDateTime start = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        return query.setParameter(1, start).setParameter(2, start.plusMonths(1));
    }

    private static List<UserUsage> users(List<Object[]> rows) {
        return rows.stream().map(row -> new UserUsage((UUID) row[0], ((Number) row[1]).intValue(),
                (BigDecimal) row[2], ((Number) row[3]).intValue(), ((Number) row[4]).intValue(),
                ((Number) row[5]).intValue(), ((Number) row[6]).longValue(), ((Number) row[7]).longValue()))
                .toList();
    }

    /** Sets or clears a user's limit overrides; refuses (422) limits the ledger cannot hold. */
    public Uni<Void> setLimits(UUID userId, LimitsRequest limits) {
        limits.check();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO generation.quota_accounts (user_id, daily_images, monthly_cost)"
                        + " VALUES (?1, ?2, ?3) ON CONFLICT (user_id) DO UPDATE"
                        + " SET daily_images = EXCLUDED.daily_images, monthly_cost = EXCLUDED.monthly_cost")
                .setParameter(1, userId).setParameter(2, limits.dailyImageLimit())
                .setParameter(3, limits.monthlyCost())
                .executeUpdate())).replaceWithVoid();
    }
}
