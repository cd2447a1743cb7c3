package dev.imagegen.chat.account;

import dev.imagegen.common.streams.UserEraser;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Every row chat-service keeps about one user, erased at once. */
@ApplicationScoped
public class AccountEraser implements UserEraser {

    static final String GROUP = "chat";

    private final Pool pool;

    AccountEraser(Pool pool) {
        this.pool = pool;
    }

    /**
     * Deletes the user's threads with their messages in one transaction, and answers how many threads went;
     * erasing twice is harmless. Messages are deleted by owner too, in case one outlived its thread's owner.
     */
    private Uni<Integer> eraseRows(UUID userId) {
        Tuple user = Tuple.of(userId);
        return pool.withTransaction(connection -> connection
                .preparedQuery("delete from chat.messages where user_id = $1").execute(user)
                .chain(() -> connection.preparedQuery("delete from chat.threads where user_id = $1").execute(user))
                .map(rows -> rows.rowCount()));
    }

    @Override
    public String group() {
        return GROUP;
    }

    /** Handles {@code user_deleted} on {@code imagegen:users}. */
    @Override
    public Uni<Void> erase(UUID userId) {
        return eraseRows(userId)
                .invoke(count -> Log.infof("Erased the chat of user %s (%d threads)", userId, count))
                .replaceWithVoid();
    }
}
