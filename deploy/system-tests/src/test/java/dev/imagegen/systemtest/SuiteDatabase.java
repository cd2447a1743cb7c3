package dev.imagegen.systemtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Reads the run's database directly, for what no API shows any more, such as a deleted user's rows. */
final class SuiteDatabase {

    private SuiteDatabase() {
    }

    /** Rows of the user in {@code table} (schema-qualified, with a user_id column; always a literal of a test). */
    static int rowsOf(String table, UUID userId) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:" + Suite.DATABASE_URL, "imagegen", "imagegen");
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM " + table + " WHERE user_id = ?")) {
            query.setObject(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
