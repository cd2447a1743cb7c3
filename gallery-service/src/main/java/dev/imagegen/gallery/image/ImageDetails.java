package dev.imagegen.gallery.image;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * One image's metadata with what it is part of: its live share link ({@code null} when not shared) and the
 * owner's collections that hold it, by name. Lists show the lighter {@link ImageResponse}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImageDetails(@JsonUnwrapped ImageResponse image, ShareResponse share, List<CollectionRef> collections) {
}
