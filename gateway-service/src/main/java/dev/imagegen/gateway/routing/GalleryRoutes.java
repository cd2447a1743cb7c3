package dev.imagegen.gateway.routing;

import dev.imagegen.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestMulti;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The public API owned by gallery-service. The gateway checks the token itself (zero trust) and passes
 * the caller's Authorization header on, so gallery-service scopes the request to the caller again.
 */
@Path("/")
@Authenticated
public class GalleryRoutes {
    private static final String GALLERY = "gallery service";
    private static final List<String> EXPORT_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, "Content-Disposition",
            HttpHeaders.CACHE_CONTROL);

    private final GalleryApi gallery;
    private final Forwarder forwarder;
    private final HttpClient streaming;
    private final String exportUrl;

    public GalleryRoutes(@RestClient GalleryApi gallery, Forwarder forwarder, Vertx vertx,
            @ConfigProperty(name = "quarkus.rest-client.gallery.url") String galleryUrl,
            @ConfigProperty(name = "quarkus.rest-client.connect-timeout", defaultValue = "2000") int connectTimeoutMs) {
        this.gallery = gallery;
        this.forwarder = forwarder;
        // The REST clients' connect timeout, but no read timeout: a large export takes long.
        this.streaming = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(connectTimeoutMs));
        this.exportUrl = galleryUrl.replaceAll("/+$", "") + "/me/export";
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

    @DELETE
    @Path("/images/{id}")
    public Uni<Response> deleteImage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.deleteImage(authorization, id));
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

    @PUT
    @Path("/images/{id}/favorite")
    public Uni<Response> favorite(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.favorite(authorization, id));
    }

    @DELETE
    @Path("/images/{id}/favorite")
    public Uni<Response> unfavorite(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.unfavorite(authorization, id));
    }

    @PUT
    @Path("/images/{id}/tags")
    public Uni<Response> tags(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body) {
        return forwarder.relay(GALLERY, gallery.tags(authorization, id, body));
    }

    @POST
    @Path("/images/{id}/share")
    public Uni<Response> share(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.share(authorization, id));
    }

    @DELETE
    @Path("/images/{id}/share")
    public Uni<Response> unshare(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.unshare(authorization, id));
    }

    @POST
    @Path("/images/{id}/report")
    public Uni<Response> report(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body) {
        return forwarder.relay(GALLERY, gallery.report(authorization, id, body));
    }

    /** The one gallery path open without login: the unguessable token is the permission. */
    @GET
    @Path("/s/{token}")
    @PermitAll
    public Uni<Response> shared(@HeaderParam(HttpHeaders.ACCEPT) String accept, @PathParam("token") String token,
            @Context UriInfo uri) {
        // A browser following the link asks for HTML and gets a page in words when the link is dead.
        return forwarder.relay(GALLERY, gallery.shared(accept, token, uri.getQueryParameters()));
    }

    /**
     * Open without login like the link itself. A token, when sent, is passed on unchecked: gallery-service
     * records a valid one's user as the reporter and treats any other caller as anonymous.
     */
    @POST
    @Path("/s/{token}/report")
    @PermitAll
    public Uni<Response> reportShared(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("token") String token, byte[] body) {
        return forwarder.relay(GALLERY, gallery.reportShared(authorization, token, body));
    }

    @POST
    @Path("/collections")
    public Uni<Response> createCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        return forwarder.relay(GALLERY, gallery.createCollection(authorization, body));
    }

    @GET
    @Path("/collections")
    public Uni<Response> collections(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return forwarder.relay(GALLERY, gallery.collections(authorization));
    }

    @GET
    @Path("/collections/{id}")
    public Uni<Response> collection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.collection(authorization, id));
    }

    @PATCH
    @Path("/collections/{id}")
    public Uni<Response> updateCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body) {
        return forwarder.relay(GALLERY, gallery.updateCollection(authorization, id, body));
    }

    @DELETE
    @Path("/collections/{id}")
    public Uni<Response> deleteCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.deleteCollection(authorization, id));
    }

    @GET
    @Path("/collections/{id}/images")
    public Uni<Response> collectionImages(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, @Context UriInfo uri) {
        return forwarder.relay(GALLERY, gallery.collectionImages(authorization, id, uri.getQueryParameters()));
    }

    @PUT
    @Path("/collections/{id}/images/{image_id}")
    public Uni<Response> addToCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, @PathParam("image_id") String imageId) {
        return forwarder.relay(GALLERY, gallery.addToCollection(authorization, id, imageId));
    }

    @DELETE
    @Path("/collections/{id}/images/{image_id}")
    public Uni<Response> removeFromCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, @PathParam("image_id") String imageId) {
        return forwarder.relay(GALLERY, gallery.removeFromCollection(authorization, id, imageId));
    }

    /** Moderation: gallery-service answers 403 unless the token carries the admin role. */
    @GET
    @Path("/admin/reports")
    public Uni<Response> reports(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context UriInfo uri) {
        return forwarder.relay(GALLERY, gallery.reports(authorization, uri.getQueryParameters()));
    }

    @GET
    @Path("/admin/reports/{id}/image")
    public Uni<Response> reportedImage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(GALLERY, gallery.reportedImage(authorization, id));
    }

    @POST
    @Path("/admin/reports/{id}/resolve")
    public Uni<Response> resolveReport(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body) {
        return forwarder.relay(GALLERY, gallery.resolveReport(authorization, id, body));
    }

    /**
     * Streams the zip through chunk by chunk instead of via {@link Forwarder}, which buffers whole bodies:
     * an export holds every image the user has.
     */
    @GET
    @Path("/me/export")
    @Produces("application/zip")
    public Multi<byte[]> export(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Uni<HttpClientResponse> upstream = streaming
                .request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(exportUrl)
                        .putHeader(HttpHeaders.AUTHORIZATION, authorization))
                .chain(request -> request.send())
                .onFailure().transform(e -> {
                    Log.warnf("%s is unreachable: %s", GALLERY, e.getMessage());
                    return new ProblemException(503, "upstream_unavailable",
                            "The " + GALLERY + " is unavailable; try again shortly");
                });
        return RestMulti.fromUniResponse(upstream, response -> response.toMulti().map(Buffer::getBytes),
                GalleryRoutes::exportHeaders, HttpClientResponse::statusCode);
    }

    private static Map<String, List<String>> exportHeaders(HttpClientResponse response) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : EXPORT_HEADERS) {
            String value = response.getHeader(name);
            if (value != null) {
                headers.put(name, List.of(value));
            }
        }
        return headers;
    }
}
