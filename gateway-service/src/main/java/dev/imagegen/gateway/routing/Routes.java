package dev.imagegen.gateway.routing;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The public API owned by other services. The gateway checks the token itself (zero trust) and passes
 * the caller's Authorization header on, so each service scopes the request to the caller again.
 */
@Path("/")
@Authenticated
public class Routes {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String GENERATION = "generation service";
    private static final String GALLERY = "gallery service";
    private static final String CHAT = "chat service";

    private final GenerationApi generation;
    private final GalleryApi gallery;
    private final ChatApi chat;
    private final Forwarder forwarder;

    public Routes(@RestClient GenerationApi generation, @RestClient GalleryApi gallery, @RestClient ChatApi chat,
            Forwarder forwarder) {
        this.generation = generation;
        this.gallery = gallery;
        this.chat = chat;
        this.forwarder = forwarder;
    }

    @POST
    @Path("/images/generate")
    public Uni<Response> generate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, byte[] body) {
        return forwarder.relay(GENERATION, generation.generate(authorization, idempotencyKey, body));
    }

    @GET
    @Path("/images/tasks/{task_id}/status")
    public Uni<Response> taskStatus(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("task_id") String taskId) {
        return forwarder.relay(GENERATION, generation.status(authorization, taskId));
    }

    @DELETE
    @Path("/images/tasks/{task_id}")
    public Uni<Response> cancelTask(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("task_id") String taskId) {
        return forwarder.relay(GENERATION, generation.cancel(authorization, taskId));
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

    @POST
    @Path("/chat/threads")
    public Uni<Response> createThread(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return forwarder.relay(CHAT, chat.createThread(authorization, body));
    }

    @GET
    @Path("/chat/threads")
    public Uni<Response> threads(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context UriInfo uri) {
        return forwarder.relay(CHAT, chat.threads(authorization, uri.getQueryParameters()));
    }
}
