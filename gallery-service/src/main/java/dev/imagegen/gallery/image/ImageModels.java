package dev.imagegen.gallery.image;

import java.util.List;

/** The distinct models of a user's images, sorted by name. */
public record ImageModels(List<String> models) {
}
