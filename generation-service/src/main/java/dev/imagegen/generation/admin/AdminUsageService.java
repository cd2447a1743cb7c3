package dev.imagegen.generation.admin;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Usage of every user for the admin, read straight from the ledger, the jobs and both kinds of refusal. */
@ApplicationScoped
public class AdminUsageService {

    private static final String PER_USER = """
            WITH c AS (SELECT user_id, count(*) AS images, sum(amount) AS spend FROM generation.charges
                       WHERE state <> 'RELEASED' AND created_at >= ?1 AND created_at < ?2 GROUP BY user_id),
                 f AS (SELECT user_id, count(*) AS failures FROM generation.jobs
                       WHERE status = 'FAILED' AND created_at >= ?1 AND created_at < ?2 GROUP BY user_id),
                 r AS (SELECT user_id, count(*) AS refusals FROM generation.content_refusals
                       WHERE created_at >= ?1 AND created_at < ?2 GROUP BY user_id),
                 q AS (SELECT user_id, count(*) AS refusals FROM generation.quota_refusals
                       WHERE created_at >= ?1 AND created_at < ?2 GROUP BY user_id),
                 u AS (SELECT user_id FROM c UNION SELECT user_id FROM f UNION SELECT user_id FROM r
                       UNION SELECT user_id FROM q)
            SELECT u.user_id, coalesce(c.images, 0), coalesce(c.spend, 0), coalesce(f.failures, 0),
                   coalesce(r.refusals, 0), coalesce(q.refusals, 0)
            FROM u LEFT JOIN c ON c.user_id = u.user_id LEFT JOIN f ON f.user_id = u.user_id
                   LEFT JOIN r ON r.user_id = u.user_id LEFT JOIN q ON q.user_id = u.user_id
            ORDER BY 3 DESC, 1""";

    /** Every user with any activity in the month (UTC), biggest spender first. */
    public Uni<List<UserUsage>> month(YearMonth month) {
        OffsetDateTime start = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .<Object[]>createNativeQuery(PER_USER)
                .setParameter(1, start).setParameter(2, start.plusMonths(1))
                .getResultList()))
                .map(rows -> rows.stream().map(row -> new UserUsage((UUID) row[0], ((Number) row[1]).intValue(),
                        (BigDecimal) row[2], ((Number) row[3]).intValue(), ((Number) row[4]).intValue(),
                        ((Number) row[5]).intValue())).toList());
    }

    /** Sets or clears a user's limit overrides. */
    public Uni<Void> setLimits(UUID userId, LimitsRequest limits) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO generation.quota_accounts (user_id, daily_images, monthly_cost)"
                        + " VALUES (?1, ?2, ?3) ON CONFLICT (user_id) DO UPDATE"
                        + " SET daily_images = EXCLUDED.daily_images, monthly_cost = EXCLUDED.monthly_cost")
                .setParameter(1, userId).setParameter(2, limits.dailyImages())
                .setParameter(3, limits.monthlyCost())
                .executeUpdate())).replaceWithVoid();
    }
}
