package dev.imagegen.gallery.account;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * The users whose account was deleted, so that an image of a job still in flight is dropped instead of
 * stored for nobody. Erasing a user and storing one of their images take the same per-user PostgreSQL lock
 * (erase exclusively, a store shared), so an image is either stored before the erase, which then removes it,
 * or sees the user erased: never left behind.
 */
@ApplicationScoped
public class ErasedUsers {

    // A namespace for these locks and the user: two 32-bit keys.
    private static final String LOCK = "select 1 from pg_advisory_xact_lock%s(hashtext('gallery.erase'), hashtext(%s))";

    /** In the erase's transaction: waits for stores of the user in progress, then records the user as erased. */
    Uni<Void> mark(SqlConnection transaction, UUID userId) {
        return transaction.preparedQuery(LOCK.formatted("", "$1")).execute(Tuple.of(userId.toString()))
                .chain(() -> transaction.preparedQuery("insert into gallery.erased_users (user_id) values ($1)"
                        + " on conflict do nothing").execute(Tuple.of(userId)))
                .replaceWithVoid();
    }

    /**
     * In the Hibernate transaction about to store an image of the user: whether the user was erased. Holds
     * the user's lock until that transaction ends, so no erase can run between this answer and the store.
     */
    public Uni<Boolean> isErased(UUID userId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery(LOCK.formatted("_shared", ":user"), Integer.class)
                .setParameter("user", userId.toString())
                .getSingleResult()
                // A statement of its own: one that began before the lock was granted would not see that erase.
                .chain(() -> session.createNativeQuery("select exists (select 1 from gallery.erased_users"
                        + " where user_id = :user)", Boolean.class).setParameter("user", userId).getSingleResult()));
    }
}
