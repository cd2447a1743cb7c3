package dev.imagegen.gateway.routing;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The public API owned by chat-service. The gateway checks the token itself (zero trust) and passes
 * the caller's Authorization header on, so chat-service scopes the request to the caller again.
 */
@Path("/")
@Authenticated
public class ChatRoutes {
    private static final String CHAT = "chat service";

    private final ChatApi chat;
    private final Forwarder forwarder;

    public ChatRoutes(@RestClient ChatApi chat, Forwarder forwarder) {
        this.chat = chat;
        this.forwarder = forwarder;
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

    @GET
    @Path("/chat/threads/{id}")
    public Uni<Response> thread(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(CHAT, chat.thread(authorization, id));
    }

    @PATCH
    @Path("/chat/threads/{id}")
    public Uni<Response> renameThread(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body) {
        return forwarder.relay(CHAT, chat.renameThread(authorization, id, body));
    }

    @DELETE
    @Path("/chat/threads/{id}")
    public Uni<Response> deleteThread(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        return forwarder.relay(CHAT, chat.deleteThread(authorization, id));
    }

    @GET
    @Path("/chat/threads/{id}/messages")
    public Uni<Response> messages(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, @Context UriInfo uri) {
        return forwarder.relay(CHAT, chat.messages(authorization, id, uri.getQueryParameters()));
    }

    @POST
    @Path("/chat/threads/{id}/messages")
    public Uni<Response> postMessage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body) {
        return forwarder.relay(CHAT, chat.postMessage(authorization, id, body));
    }
}
