package dev.imagegen.generation.account;

import dev.imagegen.common.streams.StreamErasure;
import dev.imagegen.common.streams.UserEraser;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Every row generation-service keeps about one user, erased at once. */
@ApplicationScoped
public class AccountEraser implements UserEraser {

    static final String GROUP = "generation";

    /** The user's tables; each has a {@code user_id} column. */
    static final List<String> TABLES = List.of("generation.idempotency_keys", "generation.charges",
            "generation.content_refusals", "generation.quota_refusals", "generation.spend_alerts",
            "generation.quota_accounts", "generation.jobs");

    private final Pool pool;
    private final StreamErasure streams;

    AccountEraser(Pool pool, StreamErasure streams) {
        this.pool = pool;
        this.streams = streams;
    }

    /**
     * Deletes the user's jobs, idempotency keys, charges (their usage), refusals, spend alerts and limit overrides
     * in one transaction, and answers how many jobs went; erasing twice is harmless.
     */
    private Uni<Integer> eraseRows(UUID userId) {
        Tuple user = Tuple.of(userId);
        return pool.withTransaction(connection -> {
            // Jobs go last, so the count answered is theirs.
            Uni<Integer> erased = Uni.createFrom().item(0);
            for (String table : TABLES) {
                erased = erased.chain(() -> connection.preparedQuery("delete from " + table + " where user_id = $1")
                        .execute(user).map(rows -> rows.rowCount()));
            }
            return erased;
        });
    }

    @Override
    public String group() {
        return GROUP;
    }

    /** Handles {@code user_deleted} on {@code imagegen:users}: the rows, then the prompts left in the streams. */
    @Override
    public Uni<Void> erase(UUID userId) {
        return eraseRows(userId)
                .invoke(count -> Log.infof("Erased the jobs and usage of user %s (%d jobs)", userId, count))
                .chain(() -> streams.eraseUser(userId))
                .invoke(count -> Log.infof("Erased %d stream entries of user %s", count, userId))
                .replaceWithVoid();
    }
}
