package dev.imagegen.worker.account;

import dev.imagegen.common.streams.UserEraser;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Forgets a deleted user in the worker's ledger. Their provider calls are anonymised, not deleted: each is
 * money paid to the provider, and the ledger must still add up to the provider's invoice. What tied a call to
 * the person goes: the user id, the revised prompt (the user's words, as the provider rewrote them) and the
 * provider's failure message (which may quote them).
 */
@ApplicationScoped
public class AccountEraser implements UserEraser {

    static final String GROUP = "worker";

    private final Pool pool;

    AccountEraser(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String group() {
        return GROUP;
    }

    /** Handles {@code user_deleted} on {@code imagegen:users}; anonymising twice is harmless. */
    @Override
    public Uni<Void> erase(UUID userId) {
        return pool.preparedQuery("update worker.provider_calls set user_id = null, revised_prompt = null,"
                        + " error_message = null where user_id = $1")
                .execute(Tuple.of(userId))
                .invoke(rows -> Log.infof("Anonymised the provider calls of user %s (%d calls)", userId,
                        rows.rowCount()))
                .replaceWithVoid();
    }
}
