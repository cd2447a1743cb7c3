package dev.imagegen.gallery.collection;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** All of a user's collections, by name. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CollectionList(List<CollectionResponse> items) {
}
