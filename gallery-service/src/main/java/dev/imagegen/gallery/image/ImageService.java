package dev.imagegen.gallery.image;

import dev.imagegen.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Reads a user's images; an image of another user is answered exactly like one that does not exist. */
@ApplicationScoped
public class ImageService {

    private final ImageRepository images;

    public ImageService(ImageRepository images) {
        this.images = images;
    }

    @WithSession
    public Uni<ImageResponse> find(UUID userId, UUID id) {
        return images.findSummary(userId, id).map(image -> ImageResponse.of(orNotFound(image)));
    }

    /** {@code page} counts from 1. */
    @WithSession
    public Uni<ImagePage> list(UUID userId, int page, int size) {
        return images.countOwned(userId).chain(total -> images.listSummaries(userId, page - 1, size)
                .map(items -> new ImagePage(items.stream().map(ImageResponse::of).toList(), page, size, total)));
    }

    @WithSession
    public Uni<Void> requireOwned(UUID userId, UUID id) {
        return images.isOwned(userId, id).map(owned -> {
            if (!owned) {
                throw ProblemException.notFound("Image");
            }
            return null;
        });
    }

    @WithSession
    public Uni<ImageFile> content(UUID userId, UUID id) {
        return images.findContent(userId, id).map(ImageService::orNotFound);
    }

    @WithSession
    public Uni<ImageFile> thumbnail(UUID userId, UUID id) {
        return images.findThumbnail(userId, id).map(ImageService::orNotFound);
    }

    private static <T> T orNotFound(T found) {
        if (found == null) {
            throw ProblemException.notFound("Image");
        }
        return found;
    }
}
