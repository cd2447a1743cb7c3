package dev.imagegen.gallery.report;

import dev.imagegen.gallery.image.ImageFile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Reports and the admins' actions on them; a removal and the closing of its reports commit together. */
@ApplicationScoped
public class ReportRepository {

    /** The image a report is about, and what the admins need to judge it after the image is gone. */
    record Target(UUID imageId, UUID ownerId, String prompt, String revisedPrompt, String model,
            OffsetDateTime createdAt) {
    }

    private static final String TARGET = "select id, user_id, original_prompt, revised_prompt, model, created_at"
            + " from gallery.images";

    private final Pool pool;

    ReportRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Target> ownedImage(UUID userId, UUID imageId) {
        return first(TARGET + " where id = $1 and user_id = $2",
                Tuple.of(imageId, userId), ReportRepository::target);
    }

    Uni<Target> sharedImage(String token) {
        return first(TARGET + " where share_token = $1", Tuple.of(token),
                ReportRepository::target);
    }

    /** Files the report, with the image's snapshot, unless the reporter has one open on the image; null then. */
    Uni<UUID> insert(UUID id, Target target, UUID reporterId, String reason, String note) {
        return first("insert into gallery.image_reports (id, image_id, owner_id, reporter_id, reason, note, prompt,"
                        + " revised_prompt, model, image_created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                        + " on conflict (image_id, reporter_id) where status = 'open' and not reporter_erased"
                        + " do nothing returning id",
                Tuple.from(new Object[] { id, target.imageId(), target.ownerId(), reporterId, reason, note,
                        target.prompt(), target.revisedPrompt(), target.model(), target.createdAt() }),
                row -> row.getUUID(0));
    }

    Uni<ImageReport> findOpen(UUID imageId, UUID reporterId) {
        return first("select " + ImageReport.COLUMNS + ImageReport.FROM
                + " where r.image_id = $1 and r.reporter_id is not distinct from $2 and r.status = 'open'"
                + " and not r.reporter_erased",
                Tuple.of(imageId, reporterId), ImageReport::of);
    }

    Uni<ImageReport> find(UUID id) {
        return first("select " + ImageReport.COLUMNS + ImageReport.FROM + " where r.id = $1", Tuple.of(id),
                ImageReport::of);
    }

    /** A page of the reports in {@code status}, newest first; {@code page} counts from 0. */
    Uni<List<ImageReport>> list(String status, int page, int size) {
        return pool.preparedQuery("select " + ImageReport.COLUMNS + ImageReport.FROM
                        + " where r.status = $1 order by r.created_at desc, r.id desc limit $2 offset $3")
                .execute(Tuple.of(status, size, (long) page * size))
                .map(rows -> all(rows, ImageReport::of));
    }

    Uni<Long> count(String status) {
        return first("select count(*) from gallery.image_reports where status = $1", Tuple.of(status),
                row -> row.getLong(0));
    }

    /** The reported image's thumbnail; empty once the image is gone, null for an unknown report. */
    Uni<Optional<ImageFile>> thumbnail(UUID reportId) {
        return first("select i.thumbnail, i.thumbnail_type, i.original_prompt from gallery.image_reports r"
                        + " left join gallery.images i on i.id = r.image_id where r.id = $1", Tuple.of(reportId),
                row -> Optional.ofNullable(row.getBuffer(0))
                        .map(bytes -> new ImageFile(bytes.getBytes(), row.getString(1), row.getString(2))));
    }

    /** Closes the one report, if it is still open. */
    Uni<Boolean> dismiss(UUID id, UUID adminId) {
        return pool.preparedQuery("update gallery.image_reports set status = 'resolved', action = 'dismiss',"
                        + " resolved_by = $2, resolved_at = now() where id = $1 and status = 'open'")
                .execute(Tuple.of(id, adminId)).map(rows -> rows.rowCount() > 0);
    }

    /**
     * Deletes the reported image (its share link goes with it) and closes every open report on it, if the
     * report is still open. The report's row is locked first, so two admins cannot both act on it.
     */
    Uni<Boolean> removeImage(UUID id, UUID adminId) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select image_id from gallery.image_reports where id = $1 and status = 'open'"
                        + " for update")
                .execute(Tuple.of(id))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(false);
                    }
                    UUID imageId = rows.iterator().next().getUUID(0);
                    return connection.preparedQuery("delete from gallery.images where id = $1")
                            .execute(Tuple.of(imageId))
                            .chain(() -> connection.preparedQuery("update gallery.image_reports set"
                                    + " status = 'resolved', action = 'remove_image', resolved_by = $2,"
                                    + " resolved_at = now() where image_id = $1 and status = 'open'")
                                    .execute(Tuple.of(imageId, adminId)))
                            .replaceWith(true);
                }));
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

    private static Target target(Row row) {
        return new Target(row.getUUID(0), row.getUUID(1), row.getString(2), row.getString(3), row.getString(4),
                row.getOffsetDateTime(5));
    }
}
