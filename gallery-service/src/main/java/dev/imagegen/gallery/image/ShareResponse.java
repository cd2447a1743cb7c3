package dev.imagegen.gallery.image;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;

/** A share link: {@code url} serves the image to anyone, without login, until the owner revokes it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ShareResponse(String token, String url, Instant createdAt) {

    /** The columns {@link #of(Row)} reads, for tables aliased {@code i}. */
    static final String COLUMNS = "i.share_token, i.share_created_at";

    /** The image's live link, or {@code null} when it is not shared. */
    static ShareResponse of(Row row) {
        String token = row.getString("share_token");
        return token == null ? null : new ShareResponse(token, ImageLinks.shared(token),
                row.getOffsetDateTime("share_created_at").toInstant());
    }
}
