package dev.imagegen.generation.quota;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Reads and seeds the ledger's tables straight in PostgreSQL, for tests of any package. */
public final class LedgerRows {

    private LedgerRows() {
    }

    /** Gives the user their own limits; null keeps the configured default. */
    public static void limits(UUID userId, Integer dailyImages, BigDecimal monthlyCost) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("INSERT INTO generation.quota_accounts (user_id, daily_images,"
                        + " monthly_cost) VALUES (?1, ?2, ?3) ON CONFLICT (user_id) DO UPDATE"
                        + " SET daily_images = EXCLUDED.daily_images, monthly_cost = EXCLUDED.monthly_cost")
                        .setParameter(1, userId).setParameter(2, dailyImages).setParameter(3, monthlyCost)
                        .executeUpdate())));
    }

    /** Records a charge of a job that exists nowhere else, as the intake would have at {@code at}. */
    public static void insertCharge(UUID userId, BigDecimal amount, String state, OffsetDateTime at) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("INSERT INTO generation.charges (job_id, user_id, amount, state,"
                        + " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")
                        .setParameter(1, UUID.randomUUID()).setParameter(2, userId).setParameter(3, amount)
                        .setParameter(4, state).setParameter(5, at)
                        .executeUpdate())));
    }

    /** The job's charge as {@code [state, amount]}. */
    public static List<Object> charge(UUID jobId) throws Throwable {
        Object[] row = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.<Object[]>createNativeQuery("SELECT state, amount FROM generation.charges"
                        + " WHERE job_id = ?1").setParameter(1, jobId).getSingleResult())));
        return List.of(row[0], row[1]);
    }

    /**
     * The tokens recorded beside the job's charge, as {@code [input_text, input_image, cached, output_image,
     * output_text]}; nulls for a per-image model.
     */
    public static List<Object> tokens(UUID jobId) throws Throwable {
        return Arrays.asList(rows("SELECT input_text_tokens, input_image_tokens, cached_tokens, output_image_tokens,"
                + " output_text_tokens FROM generation.charges WHERE job_id = ?1", jobId).get(0));
    }

    /** The rows a query returns, each as an array of its columns. */
    public static List<Object[]> rows(String sql, Object... parameters) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> {
                    var query = s.<Object[]>createNativeQuery(sql);
                    for (int i = 0; i < parameters.length; i++) {
                        query.setParameter(i + 1, parameters[i]);
                    }
                    return query.getResultList();
                })));
    }

    /** Runs a statement in its own transaction. */
    public static void execute(String sql, Object... parameters) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> {
                    var query = s.createNativeQuery(sql);
                    for (int i = 0; i < parameters.length; i++) {
                        query.setParameter(i + 1, parameters[i]);
                    }
                    return query.executeUpdate();
                })));
    }

    /** The single value a query returns. */
    public static Object value(String sql, Object... parameters) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> {
                    var query = s.createNativeQuery(sql);
                    for (int i = 0; i < parameters.length; i++) {
                        query.setParameter(i + 1, parameters[i]);
                    }
                    return query.getSingleResult();
                })));
    }
}
