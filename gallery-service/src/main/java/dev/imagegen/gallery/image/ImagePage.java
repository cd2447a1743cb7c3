package dev.imagegen.gallery.image;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** One page of a user's gallery; {@code page} counts from 1. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImagePage(List<ImageResponse> items, int page, int size, long total) {
}
