package dev.imagegen.gallery.image;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every query that answers a user is scoped to that user's id. Intake persists through Hibernate; the user's
 * reads and edits are SQL on the reactive pool, since they need full-text search, arrays and dynamic filters.
 */
@ApplicationScoped
public class ImageRepository implements PanacheRepositoryBase<ImageRecord, UUID> {

    // websearch syntax: plain words, "quoted phrases" and -exclusions, and never a syntax error.
    private static final String TS_QUERY = "websearch_to_tsquery('english', $%d)";
    // where() always binds the search words right after the user id.
    private static final int QUERY_PARAM = 2;

    private final Pool pool;

    public ImageRepository(Pool pool) {
        this.pool = pool;
    }

    /** The ids of the job's stored images, in their order; empty when none is stored. */
    public Uni<List<UUID>> findIdsByJobId(UUID jobId) {
        return getSession().chain(s -> s
                .createSelectionQuery("select i.id from ImageRecord i where i.jobId = :jobId order by i.imageIndex",
                        UUID.class)
                .setParameter("jobId", jobId)
                .getResultList());
    }

    /** One image with its share link and the names of the owner's collections holding it, in one query. */
    public Uni<ImageDetails> findDetails(UUID userId, UUID id) {
        return first("select " + ImageSummary.COLUMNS + ", " + ShareResponse.COLUMNS + ", m.ids, m.names"
                + " from gallery.images i cross join lateral (select"
                + " array_agg(c.id order by lower(c.name), c.id) as ids,"
                + " array_agg(c.name order by lower(c.name), c.id) as names"
                + " from gallery.collection_images ci join gallery.collections c on c.id = ci.collection_id"
                + " where ci.image_id = i.id and c.user_id = i.user_id) m"
                + " where i.id = $1 and i.user_id = $2", Tuple.of(id, userId), ImageRepository::details);
    }

    /**
     * A page of the images the filter selects; {@code page} counts from 0. The page's ids are found first, from
     * the index alone, and only those 50-odd rows are read: skipping rows to reach a deep page stays cheap.
     */
    public Uni<List<ImageSummary>> list(ImageFilter filter, int page, int size) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        boolean ranked = filter.sort() == ImageFilter.Sort.RELEVANCE && filter.query() != null;
        String rank = ranked ? "ts_rank(i.search, " + TS_QUERY.formatted(QUERY_PARAM) + ")" : "0";
        args.add(size);
        args.add((long) page * size);
        String sql = "select " + ImageSummary.COLUMNS + " from (select i.id, i.created_at, " + rank + " as rank"
                + " from gallery.images i" + where + " order by " + order(filter.sort(), "")
                + " limit $" + (args.size() - 1) + " offset $" + args.size() + ") page"
                + " join gallery.images i on i.id = page.id order by " + order(filter.sort(), "page.");
        return pool.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> all(rows, ImageSummary::of));
    }

    /** The page's order over the columns {@code id, created_at, rank}, qualified by {@code prefix}. */
    private static String order(ImageFilter.Sort sort, String prefix) {
        return switch (sort) {
            case OLDEST -> prefix + "created_at asc, " + prefix + "id asc";
            case RELEVANCE -> prefix + "rank desc, " + prefix + "created_at desc, " + prefix + "id desc";
            case NEWEST -> prefix + "created_at desc, " + prefix + "id desc";
        };
    }

    public Uni<Long> count(ImageFilter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select count(*) from gallery.images i" + where(filter, args);
        return first(sql, Tuple.from(args), row -> row.getLong(0));
    }

    private static String where(ImageFilter filter, List<Object> args) {
        StringBuilder where = new StringBuilder(" where i.user_id = $1");
        args.add(filter.userId());
        if (filter.query() != null) {
            args.add(filter.query());
            where.append(" and i.search @@ ").append(TS_QUERY.formatted(QUERY_PARAM));
        }
        if (filter.collectionId() != null) {
            args.add(filter.collectionId());
            where.append(" and exists (select 1 from gallery.collection_images c where c.image_id = i.id"
                    + " and c.collection_id = $").append(args.size()).append(')');
        }
        if (filter.favorite() != null) {
            args.add(filter.favorite());
            where.append(" and i.favorite = $").append(args.size());
        }
        if (filter.tag() != null) {
            args.add(filter.tag());
            // Containment, not "= any", so the GIN index on tags serves it.
            where.append(" and i.tags @> array[$").append(args.size()).append("::text]");
        }
        if (filter.model() != null) {
            args.add(filter.model());
            where.append(" and i.model = $").append(args.size());
        }
        if (filter.from() != null) {
            args.add(filter.from().atOffset(ZoneOffset.UTC));
            where.append(" and i.created_at >= $").append(args.size());
        }
        if (filter.to() != null) {
            args.add(filter.to().atOffset(ZoneOffset.UTC));
            where.append(" and i.created_at < $").append(args.size());
        }
        return where.toString();
    }

    /** The models the user's images were made with, for the gallery's model filter. */
    public Uni<List<String>> models(UUID userId) {
        return pool.preparedQuery("select distinct model from gallery.images where user_id = $1 order by model")
                .execute(Tuple.of(userId)).map(rows -> all(rows, row -> row.getString(0)));
    }

    public Uni<Boolean> isOwned(UUID userId, UUID id) {
        return first("select 1 from gallery.images where id = $1 and user_id = $2", Tuple.of(id, userId),
                row -> true).map(found -> found != null);
    }

    public Uni<ImageFile> findContent(UUID userId, UUID id) {
        return first("select content, content_type, original_prompt from gallery.images where id = $1"
                + " and user_id = $2", Tuple.of(id, userId), ImageRepository::file);
    }

    public Uni<ImageFile> findThumbnail(UUID userId, UUID id) {
        return first("select thumbnail, thumbnail_type, original_prompt from gallery.images where id = $1"
                + " and user_id = $2", Tuple.of(id, userId), ImageRepository::file);
    }

    /** The original bytes of the image shared under {@code token}, for anyone holding the link. */
    public Uni<ImageFile> findShared(String token) {
        return first("select content, content_type, original_prompt from gallery.images where share_token = $1",
                Tuple.of(token), ImageRepository::file);
    }

    /** Deleting the row removes it from every collection too (the membership rows cascade). */
    public Uni<Boolean> delete(UUID userId, UUID id) {
        return update("delete from gallery.images where id = $1 and user_id = $2", Tuple.of(id, userId));
    }

    public Uni<Boolean> setFavorite(UUID userId, UUID id, boolean favorite) {
        return update("update gallery.images set favorite = $3 where id = $1 and user_id = $2",
                Tuple.of(id, userId, favorite));
    }

    public Uni<Boolean> setTags(UUID userId, UUID id, List<String> tags) {
        return update("update gallery.images set tags = $3 where id = $1 and user_id = $2",
                Tuple.of(id, userId, tags.toArray(String[]::new)));
    }

    /** Sets the share token unless the image already has one, and answers the link in force. */
    public Uni<ShareResponse> share(UUID userId, UUID id, String token) {
        return first("update gallery.images i set share_token = coalesce(share_token, $3),"
                + " share_created_at = coalesce(share_created_at, now()) where id = $1 and user_id = $2"
                + " returning " + ShareResponse.COLUMNS, Tuple.of(id, userId, token), ShareResponse::of);
    }

    public Uni<Boolean> unshare(UUID userId, UUID id) {
        return update("update gallery.images set share_token = null, share_created_at = null where id = $1"
                + " and user_id = $2", Tuple.of(id, userId));
    }

    private Uni<Boolean> update(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> rows.rowCount() > 0);
    }

    private <T> Uni<T> first(String sql, Tuple args, Function<Row, T> mapper) {
        return pool.preparedQuery(sql).execute(args)
                .map(rows -> rows.iterator().hasNext() ? mapper.apply(rows.iterator().next()) : null);
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> result = new ArrayList<>(rows.size());
        rows.forEach(row -> result.add(mapper.apply(row)));
        return result;
    }

    private static ImageDetails details(Row row) {
        UUID[] ids = row.getArrayOfUUIDs("ids");
        String[] names = row.getArrayOfStrings("names");
        List<CollectionRef> collections = new ArrayList<>();
        for (int i = 0; ids != null && i < ids.length; i++) {
            collections.add(new CollectionRef(ids[i], names[i]));
        }
        return new ImageDetails(ImageResponse.of(ImageSummary.of(row)), ShareResponse.of(row), collections);
    }

    private static ImageFile file(Row row) {
        return new ImageFile(row.getBuffer(0).getBytes(), row.getString(1), row.getString(2));
    }
}
