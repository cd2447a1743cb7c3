package dev.imagegen.gallery.collection;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.gallery.image.ImageLinks;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.util.UUID;

/** A collection with its size and the thumbnail of the image added last ({@code null} when empty). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CollectionResponse(UUID id, String name, String description, long imageCount,
        String coverThumbnailUrl, Instant createdAt, Instant updatedAt) {

    static CollectionResponse of(Row row) {
        UUID cover = row.getUUID("cover_image_id");
        return new CollectionResponse(row.getUUID("id"), row.getString("name"), row.getString("description"),
                row.getLong("image_count"), cover == null ? null : ImageLinks.thumbnail(cover),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }
}
