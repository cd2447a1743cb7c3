package dev.imagegen.gallery.collection;

import dev.imagegen.gallery.image.ImageFilter;
import dev.imagegen.gallery.image.ImagePage;
import dev.imagegen.gallery.image.ImageResource;
import dev.imagegen.gallery.image.ImageService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.URI;
import java.util.UUID;

/** The caller's collections of their own images. */
@Path("/collections")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CollectionResource {

    private final CollectionService collections;
    private final ImageService images;
    private final JsonWebToken jwt;

    public CollectionResource(CollectionService collections, ImageService images, JsonWebToken jwt) {
        this.collections = collections;
        this.images = images;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull CollectionRequest body) {
        return collections.create(userId(), body).map(created -> Response
                .created(URI.create("/collections/" + created.id())).entity(created).build());
    }

    @GET
    public Uni<CollectionList> list() {
        return collections.list(userId());
    }

    @GET
    @Path("/{id}")
    public Uni<CollectionResponse> collection(@PathParam("id") UUID id) {
        return collections.find(userId(), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<CollectionResponse> update(@PathParam("id") UUID id, @Valid @NotNull CollectionPatch body) {
        return collections.update(userId(), id, body);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return collections.delete(userId(), id);
    }

    @GET
    @Path("/{id}/images")
    public Uni<ImagePage> images(@PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("1")
            @Pattern(regexp = ImageResource.WHOLE_NUMBER, message = ImageResource.NOT_A_NUMBER) @Min(1) String page,
            @QueryParam("size") @DefaultValue("20")
            @Pattern(regexp = ImageResource.WHOLE_NUMBER, message = ImageResource.NOT_A_NUMBER) @Min(1) @Max(100)
            String size) {
        UUID userId = userId();
        return collections.requireOwned(userId, id).chain(() -> images.list(
                ImageFilter.owner(userId).inCollection(id), Integer.parseInt(page), Integer.parseInt(size)));
    }

    @PUT
    @Path("/{id}/images/{image_id}")
    public Uni<Void> addImage(@PathParam("id") UUID id, @PathParam("image_id") UUID imageId) {
        return collections.addImage(userId(), id, imageId);
    }

    @DELETE
    @Path("/{id}/images/{image_id}")
    public Uni<Void> removeImage(@PathParam("id") UUID id, @PathParam("image_id") UUID imageId) {
        return collections.removeImage(userId(), id, imageId);
    }

    private UUID userId() {
        return UUID.fromString(jwt.getSubject());
    }
}
