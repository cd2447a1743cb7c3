package dev.imagegen.generation.gallery;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

@RegisterRestClient(configKey = "gallery")
@Path("/images")
interface GalleryApi {

    @GET
    @Path("/{id}/content")
    @Produces(MediaType.WILDCARD)
    Uni<byte[]> content(@PathParam("id") UUID imageId, @HeaderParam("Authorization") String authorization);
}
