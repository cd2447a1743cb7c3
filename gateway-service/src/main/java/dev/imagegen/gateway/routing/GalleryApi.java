package dev.imagegen.gateway.routing;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** gallery-service's public API, called with the caller's own token (share links need none). */
@RegisterRestClient(configKey = "gallery")
@Path("/")
interface GalleryApi {

    @GET
    @Path("/images/gallery")
    Uni<Response> gallery(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/images/{id}")
    Uni<Response> image(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @DELETE
    @Path("/images/{id}")
    Uni<Response> deleteImage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id);

    @GET
    @Path("/images/{id}/content")
    Uni<Response> content(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @PathParam("id") String id,
            @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/images/{id}/thumbnail")
    Uni<Response> thumbnail(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @PathParam("id") String id);

    @PUT
    @Path("/images/{id}/favorite")
    Uni<Response> favorite(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id);

    @DELETE
    @Path("/images/{id}/favorite")
    Uni<Response> unfavorite(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id);

    @PUT
    @Path("/images/{id}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> tags(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            byte[] body);

    @POST
    @Path("/images/{id}/share")
    Uni<Response> share(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @DELETE
    @Path("/images/{id}/share")
    Uni<Response> unshare(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id);

    @POST
    @Path("/images/{id}/report")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> report(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            byte[] body);

    @GET
    @Path("/s/{token}")
    Uni<Response> shared(@HeaderParam(HttpHeaders.ACCEPT) String accept, @PathParam("token") String token,
            @RestQuery MultivaluedMap<String, String> query);

    @POST
    @Path("/s/{token}/report")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> reportShared(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("token") String token, byte[] body);

    @POST
    @Path("/collections")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body);

    @GET
    @Path("/collections")
    Uni<Response> collections(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/collections/{id}")
    Uni<Response> collection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id);

    @PATCH
    @Path("/collections/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> updateCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body);

    @DELETE
    @Path("/collections/{id}")
    Uni<Response> deleteCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id);

    @GET
    @Path("/collections/{id}/images")
    Uni<Response> collectionImages(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, @RestQuery MultivaluedMap<String, String> query);

    @PUT
    @Path("/collections/{id}/images/{image_id}")
    Uni<Response> addToCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, @PathParam("image_id") String imageId);

    @DELETE
    @Path("/collections/{id}/images/{image_id}")
    Uni<Response> removeFromCollection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, @PathParam("image_id") String imageId);

    @GET
    @Path("/admin/reports")
    Uni<Response> reports(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/admin/reports/{id}/image")
    Uni<Response> reportedImage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id);

    @POST
    @Path("/admin/reports/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> resolveReport(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id, byte[] body);
}
