package dev.imagegen.systemtest;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.UUID;

/**
 * Reads and seeds the run's database directly: what no API shows any more, such as a deleted user's rows, and
 * history no API can make, such as a past month's charges.
 */
public final class SuiteDatabase {

    private static final Random RANDOM = new Random();
    /** gateway-service's AdminState.LOCK. */
    private static final long ADMIN_STATE_LOCK = 0x1A_D319_0001L;

    private SuiteDatabase() {
    }

    /**
     * Who is admin is one fact for the whole database, which runs on this machine share: this run holds it until the
     * returned connection closes, waiting first for a run that holds it (another suite, or gateway-service's admin
     * tests). Then no account is admin and no setup token is pending, so this run's gateway takes its
     * ADMIN_SETUP_TOKEN. On a database the gateway has not migrated yet there is nothing to reset.
     */
    public static Connection holdAdminState() throws SQLException {
        Connection db = connect();
        try (Statement sql = db.createStatement()) {
            try (ResultSet got = sql.executeQuery("SELECT pg_try_advisory_lock(" + ADMIN_STATE_LOCK + ")")) {
                got.next();
                if (!got.getBoolean(1)) {
                    System.out.println("[suite] waiting for another run using this database's admin accounts");
                    sql.execute("SELECT pg_advisory_lock(" + ADMIN_STATE_LOCK + ")");
                }
            }
            sql.execute("DO $$ BEGIN"
                    + " IF to_regclass('gateway.users') IS NOT NULL THEN"
                    + "   UPDATE gateway.users SET roles = 'user' WHERE roles <> 'user'; END IF;"
                    + " IF to_regclass('gateway.admin_setup') IS NOT NULL THEN"
                    + "   DELETE FROM gateway.admin_setup; END IF;"
                    + " END $$");
            return db;
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    /** Rows of the user in {@code table} (schema-qualified, with a user_id column; always a literal of a test). */
    public static int rowsOf(String table, UUID userId) throws SQLException {
        try (Connection db = connect();
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM " + table + " WHERE user_id = ?")) {
            query.setObject(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** A month long past with no charges in it: whatever a test then puts there is all the month holds. */
    public static YearMonth quietMonth() throws SQLException {
        YearMonth month = YearMonth.of(1000 + RANDOM.nextInt(900), 1 + RANDOM.nextInt(12));
        OffsetDateTime start = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        try (Connection db = connect(); PreparedStatement delete = db.prepareStatement(
                "DELETE FROM generation.charges WHERE created_at >= ? AND created_at < ?")) {
            delete.setObject(1, start);
            delete.setObject(2, start.plusMonths(1));
            delete.executeUpdate();
        }
        return month;
    }

    /** A settled charge of {@code amount} for the user in the middle of the month, as a finished job leaves. */
    public static void settledCharge(UUID userId, BigDecimal amount, YearMonth month) throws SQLException {
        OffsetDateTime at = month.atDay(15).atTime(12, 0).atOffset(ZoneOffset.UTC);
        try (Connection db = connect(); PreparedStatement insert = db.prepareStatement("INSERT INTO generation.charges"
                + " (job_id, user_id, amount, state, created_at, updated_at) VALUES (?, ?, ?, 'SETTLED', ?, ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, userId);
            insert.setBigDecimal(3, amount);
            insert.setObject(4, at);
            insert.setObject(5, at);
            insert.executeUpdate();
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:" + Suite.DATABASE_URL, "imagegen", "imagegen");
    }
}
