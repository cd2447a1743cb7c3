package dev.imagegen.generation.model;

import dev.imagegen.common.models.ModelProfiles;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The models a submit accepts, so clients build their forms from the configuration instead of a copy of it. */
@Path("/models")
@Authenticated
public class ModelResource {

    private final ModelCatalog catalog;

    public ModelResource(ModelProfiles profiles) {
        // Profiles are read once at start, like the intake's validation reads them.
        this.catalog = ModelCatalog.of(profiles);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    public ModelCatalog models() {
        return catalog;
    }
}
