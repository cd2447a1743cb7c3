package dev.imagegen.gateway.routing;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The public API owned by gallery-service. The gateway checks the token itself (zero trust) and passes
 * the caller's Authorization header on, so gallery-service scopes the request to the caller again.
 */
@Path("/")
@Authenticated
public class GalleryRoutes {
    private static final String GALLERY = "gallery service";

    private final GalleryApi gallery;
    private final Forwarder forwarder;

    public GalleryRoutes(@RestClient GalleryApi gallery, Forwarder forwarder) {
        this.gallery = gallery;
        this.forwarder = forwarder;
    }

    @GET
    @Path("/images/gallery")
    public Uni<Response> gallery(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context UriInfo uri) {
        return forwarder.relay(GALLERY, gallery.gallery(authorization, uri.getQueryParameters()));
    }

    @GET
    @Path("/images/{id}")
    public Uni<Response> image(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.image(authorization, id));
    }

    @GET
    @Path("/images/{id}/content")
    public Uni<Response> content(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @PathParam("id") String id,
            @Context UriInfo uri) {
        return forwarder.relay(GALLERY, gallery.content(authorization, ifNoneMatch, id, uri.getQueryParameters()));
    }

    @GET
    @Path("/images/{id}/thumbnail")
    public Uni<Response> thumbnail(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.thumbnail(authorization, ifNoneMatch, id));
    }
}
