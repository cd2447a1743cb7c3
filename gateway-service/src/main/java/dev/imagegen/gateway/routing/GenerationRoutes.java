package dev.imagegen.gateway.routing;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The public API owned by generation-service. The gateway checks the token itself (zero trust) and passes
 * the caller's Authorization header on, so generation-service scopes the request to the caller again.
 */
@Path("/")
@Authenticated
public class GenerationRoutes {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String GENERATION = "generation service";

    private final GenerationApi generation;
    private final Forwarder forwarder;

    public GenerationRoutes(@RestClient GenerationApi generation, Forwarder forwarder) {
        this.generation = generation;
        this.forwarder = forwarder;
    }

    @POST
    @Path("/images/generate")
    public Uni<Response> generate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, byte[] body) {
        return forwarder.relay(GENERATION, generation.generate(authorization, idempotencyKey, body));
    }

    @GET
    @Path("/images/estimate")
    public Uni<Response> estimate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("model") String model, @QueryParam("size") String size,
            @QueryParam("quality") String quality) {
        return forwarder.relay(GENERATION, generation.estimate(authorization, model, size, quality));
    }

    @GET
    @Path("/usage/me")
    public Uni<Response> usage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return forwarder.relay(GENERATION, generation.usage(authorization));
    }

    @GET
    @Path("/models")
    public Uni<Response> models(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return forwarder.relay(GENERATION, generation.models(authorization));
    }

    @GET
    @Path("/admin/usage")
    public Uni<Response> adminUsage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("month") String month, @QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("q") String q) {
        return forwarder.relay(GENERATION, generation.adminUsage(authorization, month, page, size, q));
    }

    @GET
    @Path("/admin/usage/report.csv")
    public Uni<Response> adminReport(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("month") String month) {
        return forwarder.relay(GENERATION, generation.adminReport(authorization, month));
    }

    @PUT
    @Path("/admin/users/{user_id}/limits")
    public Uni<Response> setLimits(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("user_id") String userId, byte[] body) {
        return forwarder.relay(GENERATION, generation.setLimits(authorization, userId, body));
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
}
