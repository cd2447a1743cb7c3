package dev.imagegen.gateway.routing;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** chat-service's public API, called with the caller's own token. */
@RegisterRestClient(configKey = "chat")
@Path("/chat")
interface ChatApi {

    @POST
    @Path("/threads")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createThread(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body);

    @GET
    @Path("/threads")
    Uni<Response> threads(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/threads/{id}")
    Uni<Response> thread(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @PATCH
    @Path("/threads/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> renameThread(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body);

    @DELETE
    @Path("/threads/{id}")
    Uni<Response> deleteThread(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id);

    @GET
    @Path("/threads/{id}/messages")
    Uni<Response> messages(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            @RestQuery MultivaluedMap<String, String> query);

    @POST
    @Path("/threads/{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> postMessage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body);
}
