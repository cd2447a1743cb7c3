package dev.imagegen.gallery.account;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Everything the gallery keeps about one user, read for an export or erased at once. */
@ApplicationScoped
public class AccountRepository {

    private final Pool pool;
    private final ErasedUsers erased;

    AccountRepository(Pool pool, ErasedUsers erased) {
        this.pool = pool;
        this.erased = erased;
    }

    Uni<List<ExportedCollection>> collections(UUID userId) {
        return pool.preparedQuery("select c.id, c.name, c.description, c.created_at,"
                        + " coalesce(array_agg(m.image_id order by m.added_at) filter (where m.image_id is not null),"
                        + " '{}') as image_ids"
                        + " from gallery.collections c left join gallery.collection_images m on m.collection_id = c.id"
                        + " where c.user_id = $1 group by c.id order by c.created_at, c.id")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<ExportedCollection> result = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        result.add(new ExportedCollection(row.getUUID("id"), row.getString("name"),
                                row.getString("description"), row.getOffsetDateTime("created_at").toInstant(),
                                List.of(row.getArrayOfUUIDs("image_ids"))));
                    }
                    return result;
                });
    }

    /**
     * Removes the user's collections and images, and remembers the user as erased, in one transaction; erasing
     * twice is harmless. Reports stay as the admins' record without what identifies the user: open reports about
     * the user's images go (their image goes now, nothing is left to judge), resolved ones lose the owner and
     * the prompts (personal data) but keep the reason, note, model, dates and decision; reports the user filed
     * lose the reporter.
     */
    Uni<Integer> erase(UUID userId) {
        Tuple user = Tuple.of(userId);
        return pool.withTransaction(connection -> erased.mark(connection, userId)
                .chain(() -> connection.preparedQuery("delete from gallery.collections where user_id = $1")
                        .execute(user))
                .chain(() -> connection.preparedQuery("delete from gallery.image_reports"
                        + " where owner_id = $1 and status = 'open'").execute(user))
                .chain(() -> connection.preparedQuery("update gallery.image_reports set owner_id = null,"
                        + " prompt = null, revised_prompt = null where owner_id = $1").execute(user))
                .chain(() -> connection.preparedQuery("update gallery.image_reports set reporter_id = null,"
                        + " reporter_erased = true where reporter_id = $1").execute(user))
                .chain(() -> connection.preparedQuery("delete from gallery.images where user_id = $1")
                        .execute(user))
                .map(rows -> rows.rowCount()));
    }
}
