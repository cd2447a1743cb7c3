package dev.imagegen.gallery.collection;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Renames or describes a collection; a field left out keeps its value. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CollectionPatch(
        @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Size(max = 2000) String description) {
}
