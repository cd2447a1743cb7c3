package dev.imagegen.gateway.routing;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** gallery-service's public API, called with the caller's own token. */
@RegisterRestClient(configKey = "gallery")
@Path("/images")
interface GalleryApi {

    @GET
    @Path("/gallery")
    Uni<Response> gallery(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/{id}")
    Uni<Response> image(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @GET
    @Path("/{id}/content")
    Uni<Response> content(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @PathParam("id") String id,
            @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/{id}/thumbnail")
    Uni<Response> thumbnail(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @PathParam("id") String id);
}
