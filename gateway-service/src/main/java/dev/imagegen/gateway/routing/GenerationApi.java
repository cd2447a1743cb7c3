package dev.imagegen.gateway.routing;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** generation-service's public API, called with the caller's own token. */
@RegisterRestClient(configKey = "generation")
@Path("/")
interface GenerationApi {

    @POST
    @Path("/images/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> generate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(GenerationRoutes.IDEMPOTENCY_KEY) String idempotencyKey, byte[] body);

    @GET
    @Path("/images/tasks/{task_id}/status")
    Uni<Response> status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("task_id") String taskId);

    @GET
    @Path("/images/estimate")
    Uni<Response> estimate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("model") String model, @QueryParam("size") String size,
            @QueryParam("quality") String quality);

    @GET
    @Path("/usage/me")
    Uni<Response> usage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/models")
    Uni<Response> models(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/admin/usage")
    Uni<Response> adminUsage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("month") String month, @QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("q") String q);

    @GET
    @Path("/admin/usage/report.csv")
    Uni<Response> adminReport(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("month") String month);

    @PUT
    @Path("/admin/users/{user_id}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> setLimits(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("user_id") String userId, byte[] body);

    @DELETE
    @Path("/images/tasks/{task_id}")
    Uni<Response> cancel(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("task_id") String taskId);
}
