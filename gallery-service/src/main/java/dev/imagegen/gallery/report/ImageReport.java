package dev.imagegen.gallery.report;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A report as stored, with the snapshot of its image taken when it was filed (prompt, revised prompt, model,
 * the image's creation time) and whether the image still exists.
 */
record ImageReport(UUID id, UUID imageId, UUID ownerId, UUID reporterId, boolean reporterErased, String reason,
        String note, String status, String action, Instant createdAt, Instant resolvedAt, String prompt,
        String revisedPrompt, String model, Instant imageCreatedAt, boolean imagePresent) {

    static final String REASONS = "sexual|violence|hate|self_harm|illegal|other";
    static final String REASONS_TEXT = "sexual, violence, hate, self_harm, illegal or other";
    static final String OPEN = "open";
    static final String RESOLVED = "resolved";
    static final String DISMISS = "dismiss";
    static final String REMOVE_IMAGE = "remove_image";

    /** The report's columns, from {@code r}. */
    static final String COLUMNS = "r.id, r.image_id, r.owner_id, r.reporter_id, r.reporter_erased, r.reason, r.note,"
            + " r.status, r.action, r.created_at, r.resolved_at, r.prompt, r.revised_prompt, r.model,"
            + " r.image_created_at,"
            + " exists (select 1 from gallery.images i where i.id = r.image_id) as image_present";
    static final String FROM = " from gallery.image_reports r";

    static ImageReport of(Row row) {
        return new ImageReport(row.getUUID("id"), row.getUUID("image_id"), row.getUUID("owner_id"),
                row.getUUID("reporter_id"), row.getBoolean("reporter_erased"), row.getString("reason"),
                row.getString("note"), row.getString("status"), row.getString("action"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("resolved_at")),
                row.getString("prompt"), row.getString("revised_prompt"), row.getString("model"),
                instant(row.getOffsetDateTime("image_created_at")), row.getBoolean("image_present"));
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
