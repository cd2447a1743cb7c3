package dev.imagegen.common.problem;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;

/** Tells a data store that is away (stopped, restarting, overloaded) from every other failure. */
public final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * PostgreSQL out of connections (SQLSTATE class 53), shutting down or not yet accepting them (57P), a lost
     * connection (class 08), a store refusing or dropping the connection (refused, reset, closed), or a client
     * pool whose connections and wait queue are all taken (its configured bound reached: shed, not queued).
     * Trying again later will most likely work; nothing is wrong with the request.
     */
    public static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedConnectionException || t instanceof SocketException
                    || t instanceof ClosedChannelException || t instanceof ConnectionPoolTooBusyException) {
                return true;
            }
            String state = sqlState(t);
            if (state != null && (state.startsWith("53") || state.startsWith("57P") || state.startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE of the PostgreSQL client's exception, or of Hibernate's conversion of it, else null. */
    public static String sqlState(Throwable t) {
        return t instanceof DatabaseException db ? db.getSqlState() : t instanceof SQLException sql ? sql.getSQLState()
                : null;
    }
}
