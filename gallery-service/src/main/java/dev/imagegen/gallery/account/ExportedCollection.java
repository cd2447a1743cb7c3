package dev.imagegen.gallery.account;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A collection as the export's metadata lists it, with its members in the order they were added. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExportedCollection(UUID id, String name, String description, Instant createdAt, List<UUID> imageIds) {
}
