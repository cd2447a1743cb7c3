package dev.imagegen.gallery.image;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Every query that answers a user is scoped to that user's id. */
@ApplicationScoped
public class ImageRepository implements PanacheRepositoryBase<ImageRecord, UUID> {

    private static final String SUMMARY = "select new dev.imagegen.gallery.image.ImageSummary(i.id, i.jobId,"
            + " i.threadId, i.originalPrompt, i.revisedPrompt, i.model, i.size, i.quality, i.style, i.cost,"
            + " i.contentType, i.width, i.height, i.byteSize, i.createdAt) from ImageRecord i";

    public Uni<UUID> findIdByJobId(UUID jobId) {
        return getSession().chain(s -> s
                .createSelectionQuery("select i.id from ImageRecord i where i.jobId = :jobId", UUID.class)
                .setParameter("jobId", jobId)
                .getSingleResultOrNull());
    }

    public Uni<ImageSummary> findSummary(UUID userId, UUID id) {
        return getSession().chain(s -> s
                .createSelectionQuery(SUMMARY + " where i.id = :id and i.userId = :userId", ImageSummary.class)
                .setParameter("id", id)
                .setParameter("userId", userId)
                .getSingleResultOrNull());
    }

    /** A page of the user's images, newest first; {@code page} counts from 0. */
    public Uni<List<ImageSummary>> listSummaries(UUID userId, int page, int size) {
        return getSession().chain(s -> s
                .createSelectionQuery(SUMMARY + " where i.userId = :userId order by i.createdAt desc, i.id desc",
                        ImageSummary.class)
                .setParameter("userId", userId)
                .setFirstResult(page * size)
                .setMaxResults(size)
                .getResultList());
    }

    public Uni<Long> countOwned(UUID userId) {
        return count("userId", userId);
    }

    public Uni<Boolean> isOwned(UUID userId, UUID id) {
        return count("id = ?1 and userId = ?2", id, userId).map(n -> n > 0);
    }

    public Uni<ImageFile> findContent(UUID userId, UUID id) {
        return findFile("i.content, i.contentType", userId, id);
    }

    public Uni<ImageFile> findThumbnail(UUID userId, UUID id) {
        return findFile("i.thumbnail, i.thumbnailType", userId, id);
    }

    private Uni<ImageFile> findFile(String columns, UUID userId, UUID id) {
        return getSession().chain(s -> s
                .createSelectionQuery("select new dev.imagegen.gallery.image.ImageFile(" + columns
                        + ", i.originalPrompt) from ImageRecord i where i.id = :id and i.userId = :userId",
                        ImageFile.class)
                .setParameter("id", id)
                .setParameter("userId", userId)
                .getSingleResultOrNull());
    }
}
