package dev.imagegen.gallery.image;

import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An image's metadata without its bytes, as the repository's queries select it. */
public record ImageSummary(UUID id, UUID jobId, int imageIndex, UUID threadId, String originalPrompt,
        String revisedPrompt, String model, String requestedModel, String size, String quality, String style,
        String background, BigDecimal cost, String contentType, int width, int height, int byteSize,
        Instant createdAt, boolean favorite, List<String> tags, boolean shared) {

    /** The columns {@link #of(Row)} reads, for tables aliased {@code i}. */
    static final String COLUMNS = "i.id, i.job_id, i.image_index, i.thread_id, i.original_prompt,"
            + " i.revised_prompt, i.model, i.requested_model, i.size, i.quality, i.style, i.background, i.cost,"
            + " i.content_type, i.width, i.height, i.byte_size, i.created_at, i.favorite, i.tags,"
            + " i.share_token is not null as shared";

    static ImageSummary of(Row row) {
        return new ImageSummary(row.getUUID("id"), row.getUUID("job_id"), row.getInteger("image_index"),
                row.getUUID("thread_id"), row.getString("original_prompt"), row.getString("revised_prompt"),
                row.getString("model"), row.getString("requested_model"), row.getString("size"),
                row.getString("quality"), row.getString("style"), row.getString("background"),
                row.getBigDecimal("cost"), row.getString("content_type"), row.getInteger("width"),
                row.getInteger("height"), row.getInteger("byte_size"),
                row.getOffsetDateTime("created_at").toInstant(), row.getBoolean("favorite"),
                List.of(row.getArrayOfStrings("tags")), row.getBoolean("shared"));
    }
}
