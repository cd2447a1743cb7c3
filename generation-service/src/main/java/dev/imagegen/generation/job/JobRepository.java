package dev.imagegen.generation.job;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID> {

    /** The job if it belongs to the user; null otherwise, so a stranger cannot tell it exists. */
    public Uni<Job> findOwned(UUID jobId, UUID userId) {
        return find("id = ?1 and userId = ?2", jobId, userId).firstResult();
    }
}
