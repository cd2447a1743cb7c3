package dev.imagegen.generation.model;

import dev.imagegen.common.models.ModelProfiles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The models a submit accepts, so clients build their forms from the configuration instead of a copy of it. */
@Path("/models")
@Authenticated
public class ModelResource {

    private final ModelProfiles profiles;
    private final ModelLineupService lineups;

    public ModelResource(ModelProfiles profiles, ModelLineupService lineups) {
        this.profiles = profiles;
        this.lineups = lineups;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ModelCatalog> models() {
        // Built per request: a model's status changes with the date and the provider's announcements.
        return lineups.current().map(lineup -> ModelCatalog.of(profiles, lineup));
    }
}
