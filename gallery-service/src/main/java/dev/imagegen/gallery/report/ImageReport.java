package dev.imagegen.gallery.report;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A report as stored, with the reported image's prompt while the image still exists. */
record ImageReport(UUID id, UUID imageId, UUID ownerId, UUID reporterId, String reason, String note,
        String status, String action, Instant createdAt, Instant resolvedAt, String prompt, boolean imagePresent) {

    static final String REASONS = "sexual|violence|hate|self_harm|illegal|other";
    static final String REASONS_TEXT = "sexual, violence, hate, self_harm, illegal or other";
    static final String OPEN = "open";
    static final String RESOLVED = "resolved";
    static final String DISMISS = "dismiss";
    static final String REMOVE_IMAGE = "remove_image";

    /** The report's columns as {@code r}, joined to the image as {@code i}. */
    static final String COLUMNS = "r.id, r.image_id, r.owner_id, r.reporter_id, r.reason, r.note, r.status, r.action,"
            + " r.created_at, r.resolved_at, i.original_prompt, i.id is not null as image_present";
    static final String FROM = " from gallery.image_reports r left join gallery.images i on i.id = r.image_id";

    static ImageReport of(Row row) {
        return new ImageReport(row.getUUID("id"), row.getUUID("image_id"), row.getUUID("owner_id"),
                row.getUUID("reporter_id"), row.getString("reason"), row.getString("note"), row.getString("status"),
                row.getString("action"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("resolved_at")), row.getString("original_prompt"),
                row.getBoolean("image_present"));
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
