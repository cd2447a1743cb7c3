package dev.imagegen.gallery.collection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Collections and their members; every statement is scoped to the owner's id. */
@ApplicationScoped
public class CollectionRepository {

    private static final String SELECT = "select c.id, c.name, c.description, c.created_at, c.updated_at,"
            + " (select count(*) from gallery.collection_images m where m.collection_id = c.id) as image_count,"
            + " (select m.image_id from gallery.collection_images m where m.collection_id = c.id"
            + " order by m.added_at desc, m.image_id limit 1) as cover_image_id"
            + " from gallery.collections c";

    private final Pool pool;

    CollectionRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(UUID userId, UUID id, String name, String description) {
        return pool.preparedQuery("insert into gallery.collections (id, user_id, name, description)"
                + " values ($1, $2, $3, $4)").execute(Tuple.of(id, userId, name, description)).replaceWithVoid();
    }

    Uni<CollectionResponse> find(UUID userId, UUID id) {
        return pool.preparedQuery(SELECT + " where c.id = $1 and c.user_id = $2").execute(Tuple.of(id, userId))
                .map(rows -> rows.iterator().hasNext() ? CollectionResponse.of(rows.iterator().next()) : null);
    }

    Uni<List<CollectionResponse>> list(UUID userId) {
        return pool.preparedQuery(SELECT + " where c.user_id = $1 order by lower(c.name), c.id")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<CollectionResponse> items = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        items.add(CollectionResponse.of(row));
                    }
                    return items;
                });
    }

    /** A {@code null} argument keeps that field's value. */
    Uni<Boolean> update(UUID userId, UUID id, String name, String description) {
        return pool.preparedQuery("update gallery.collections set name = coalesce($3, name),"
                        + " description = coalesce($4, description), updated_at = now()"
                        + " where id = $1 and user_id = $2")
                .execute(Tuple.of(id, userId, name, description)).map(rows -> rows.rowCount() > 0);
    }

    /** The images stay in the gallery: only the membership rows cascade. */
    Uni<Boolean> delete(UUID userId, UUID id) {
        return pool.preparedQuery("delete from gallery.collections where id = $1 and user_id = $2")
                .execute(Tuple.of(id, userId)).map(rows -> rows.rowCount() > 0);
    }

    Uni<Boolean> isOwned(UUID userId, UUID id) {
        return pool.preparedQuery("select 1 from gallery.collections where id = $1 and user_id = $2")
                .execute(Tuple.of(id, userId)).map(rows -> rows.size() > 0);
    }

    /** Adds the image if both belong to the user; adding it again changes nothing. False if either is not theirs. */
    Uni<Boolean> add(UUID userId, UUID id, UUID imageId) {
        return pool.preparedQuery("with target as (select c.id as collection_id, i.id as image_id"
                        + " from gallery.collections c join gallery.images i on i.user_id = c.user_id"
                        + " where c.id = $1 and i.id = $2 and c.user_id = $3),"
                        + " added as (insert into gallery.collection_images (collection_id, image_id)"
                        + " select collection_id, image_id from target on conflict do nothing)"
                        + " select count(*) from target")
                .execute(Tuple.of(id, imageId, userId)).map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    Uni<Void> remove(UUID id, UUID imageId) {
        return pool.preparedQuery("delete from gallery.collection_images where collection_id = $1 and image_id = $2")
                .execute(Tuple.of(id, imageId)).replaceWithVoid();
    }
}
