package dev.imagegen.gallery.image;

import java.time.Instant;
import java.util.UUID;

/**
 * What a gallery page shows: the owner's images, narrowed by any of the optional criteria.
 *
 * @param query full-text search over both prompts
 * @param from inclusive lower bound of {@code created_at}
 * @param to exclusive upper bound of {@code created_at}
 */
public record ImageFilter(UUID userId, String query, UUID collectionId, Boolean favorite, String tag,
        String model, Instant from, Instant to, Sort sort) {

    public enum Sort {
        NEWEST, OLDEST, RELEVANCE
    }

    public static ImageFilter owner(UUID userId) {
        return new ImageFilter(userId, null, null, null, null, null, null, null, Sort.NEWEST);
    }

    public ImageFilter inCollection(UUID collection) {
        return new ImageFilter(userId, query, collection, favorite, tag, model, from, to, sort);
    }
}
