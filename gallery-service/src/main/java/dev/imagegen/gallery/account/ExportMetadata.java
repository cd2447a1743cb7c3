package dev.imagegen.gallery.account;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.gallery.image.ImageResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code metadata.json} in an export: every image's metadata, the zip entry holding its bytes
 * ({@code files}, by image id) and the user's collections.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExportMetadata(UUID userId, Instant exportedAt, List<ImageResponse> images, Map<UUID, String> files,
        List<ExportedCollection> collections) {
}
