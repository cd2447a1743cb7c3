package dev.imagegen.gallery.collection;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new collection; its name is unique among the user's collections, ignoring case. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CollectionRequest(@NotBlank @Size(max = 100) String name, @Size(max = 2000) String description) {
}
