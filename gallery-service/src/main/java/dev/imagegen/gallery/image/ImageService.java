package dev.imagegen.gallery.image;

import dev.imagegen.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A user's images; an image of another user is answered exactly like one that does not exist. */
@ApplicationScoped
public class ImageService {

    private static final int TOKEN_BYTES = 32;

    private final ImageRepository images;
    private final ImageConverter converter;
    private final Vertx vertx;
    private final SecureRandom random = new SecureRandom();

    public ImageService(ImageRepository images, ImageConverter converter, Vertx vertx) {
        this.images = images;
        this.converter = converter;
        this.vertx = vertx;
    }

    public Uni<ImageDetails> find(UUID userId, UUID id) {
        return images.findDetails(userId, id).map(ImageService::orNotFound);
    }

    /** {@code page} counts from 1. */
    public Uni<ImageModels> models(UUID userId) {
        return images.models(userId).map(ImageModels::new);
    }

    public Uni<ImagePage> list(ImageFilter filter, int page, int size) {
        // Both queries at once, on two pooled connections: a page costs the slower of them, not their sum.
        return Uni.combine().all().unis(images.count(filter), images.list(filter, page - 1, size))
                .with((total, items) -> new ImagePage(items.stream().map(ImageResponse::of).toList(), page, size,
                        total));
    }

    public Uni<Void> requireOwned(UUID userId, UUID id) {
        return images.isOwned(userId, id).map(owned -> {
            if (!owned) {
                throw ProblemException.notFound("Image");
            }
            return null;
        });
    }

    /** The original bytes, or them re-encoded as {@code format} when it differs from the original's. */
    public Uni<ImageFile> content(UUID userId, UUID id, ImageFormat format) {
        return images.findContent(userId, id).map(ImageService::orNotFound).chain(file -> convert(file, format));
    }

    public Uni<ImageFile> thumbnail(UUID userId, UUID id) {
        return images.findThumbnail(userId, id).map(ImageService::orNotFound);
    }

    public Uni<ImageFile> shared(String token, ImageFormat format) {
        return images.findShared(token).map(file -> {
            if (file == null) {
                throw new ProblemException(404, "not_found", "This link does not exist or was revoked");
            }
            return file;
        }).chain(file -> convert(file, format));
    }

    public Uni<Void> delete(UUID userId, UUID id) {
        return images.delete(userId, id).map(ImageService::foundOrThrow);
    }

    public Uni<Void> favorite(UUID userId, UUID id, boolean favorite) {
        return images.setFavorite(userId, id, favorite).map(ImageService::foundOrThrow);
    }

    /** Replaces the image's tags with {@code tags}, trimmed, lower-cased and without repeats. */
    public Uni<ImageDetails> tag(UUID userId, UUID id, List<String> tags) {
        List<String> normalised = List.copyOf(new LinkedHashSet<>(tags.stream()
                .map(tag -> tag.strip().toLowerCase(Locale.ROOT)).toList()));
        return images.setTags(userId, id, normalised).map(ImageService::foundOrThrow)
                .chain(() -> find(userId, id));
    }

    /** Answers the image's share token, creating one if it has none: sharing twice gives the same link. */
    public Uni<ShareResponse> share(UUID userId, UUID id) {
        return images.share(userId, id, newToken()).map(ImageService::orNotFound);
    }

    public Uni<Void> unshare(UUID userId, UUID id) {
        return images.unshare(userId, id).map(ImageService::foundOrThrow);
    }

    private Uni<ImageFile> convert(ImageFile file, ImageFormat format) {
        if (format == null || format.contentType().equals(file.contentType())) {
            return Uni.createFrom().item(file);
        }
        return vertx.executeBlocking(() -> converter.convert(file, format), false);
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Void foundOrThrow(boolean found) {
        if (!found) {
            throw ProblemException.notFound("Image");
        }
        return null;
    }

    private static <T> T orNotFound(T found) {
        if (found == null) {
            throw ProblemException.notFound("Image");
        }
        return found;
    }
}
