package dev.imagegen.gallery.collection;

import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.gallery.image.ImageRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** A user's collections; another user's collection is answered exactly like one that does not exist. */
@ApplicationScoped
public class CollectionService {

    private static final String UNIQUE_VIOLATION = "23505";

    private final CollectionRepository collections;
    private final ImageRepository images;

    CollectionService(CollectionRepository collections, ImageRepository images) {
        this.collections = collections;
        this.images = images;
    }

    Uni<CollectionResponse> create(UUID userId, CollectionRequest request) {
        UUID id = UUID.randomUUID();
        return collections.insert(userId, id, request.name().strip(), request.description())
                .onFailure(CollectionService::isDuplicate).transform(e -> duplicate(request.name()))
                .chain(() -> find(userId, id));
    }

    Uni<CollectionResponse> find(UUID userId, UUID id) {
        return collections.find(userId, id).map(found -> {
            if (found == null) {
                throw notFound();
            }
            return found;
        });
    }

    Uni<CollectionList> list(UUID userId) {
        return collections.list(userId).map(CollectionList::new);
    }

    Uni<CollectionResponse> update(UUID userId, UUID id, CollectionPatch patch) {
        String name = patch.name() == null ? null : patch.name().strip();
        return collections.update(userId, id, name, patch.description())
                .onFailure(CollectionService::isDuplicate).transform(e -> duplicate(name))
                .map(CollectionService::foundOrThrow)
                .chain(() -> find(userId, id));
    }

    Uni<Void> delete(UUID userId, UUID id) {
        return collections.delete(userId, id).map(CollectionService::foundOrThrow);
    }

    /** Checks that the collection is the caller's before anything is read through it. */
    public Uni<Void> requireOwned(UUID userId, UUID id) {
        return collections.isOwned(userId, id).map(CollectionService::foundOrThrow);
    }

    Uni<Void> addImage(UUID userId, UUID id, UUID imageId) {
        return collections.add(userId, id, imageId).chain(added -> added ? Uni.createFrom().voidItem()
                : requireOwned(userId, id).chain(() -> requireImage(userId, imageId)));
    }

    Uni<Void> removeImage(UUID userId, UUID id, UUID imageId) {
        return requireOwned(userId, id).chain(() -> requireImage(userId, imageId))
                .chain(() -> collections.remove(id, imageId));
    }

    private Uni<Void> requireImage(UUID userId, UUID imageId) {
        return images.isOwned(userId, imageId).map(owned -> {
            if (!owned) {
                throw ProblemException.notFound("Image");
            }
            return null;
        });
    }

    private static Void foundOrThrow(boolean found) {
        if (!found) {
            throw notFound();
        }
        return null;
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("Collection");
    }

    private static ProblemException duplicate(String name) {
        return new ProblemException(409, "collection_exists", "You already have a collection named '" + name + "'");
    }

    private static boolean isDuplicate(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
