package dev.imagegen.gallery.image;

import java.util.UUID;

/** One of the owner's collections an image is in, as the image's metadata names it. */
public record CollectionRef(UUID id, String name) {
}
