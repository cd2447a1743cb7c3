package dev.imagegen.generation.job;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

@Path("/images")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobService service;
    private final JsonWebToken jwt;

    public JobResource(JobService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @POST
    @Path("/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<GenerateAccepted>> generate(@HeaderParam("Idempotency-Key") String idempotencyKey,
            GenerateRequest request) {
        Uni<GenerateAccepted> submit = service.submit(userId(), request, idempotencyKey);
        // A caller that leaves mid-submit does not cut it short: a reactive transaction cancelled half-way leaves
        // its session in use and its connection with a live transaction. The submit runs to its end either way, and
        // a retry with the same Idempotency-Key finds the job it made.
        return Uni.createFrom().<GenerateAccepted>emitter(done -> submit.subscribe().with(done::complete, done::fail))
                .map(accepted -> RestResponse.status(RestResponse.Status.ACCEPTED, accepted));
    }

    @GET
    @Path("/estimate")
    public Uni<Estimate> estimate(@QueryParam("model") String model, @QueryParam("size") String size,
            @QueryParam("quality") String quality,
            // text, so a malformed number is a 422 naming n rather than JAX-RS's bare 404
            @QueryParam("n") String n, @QueryParam("background") String background,
            @QueryParam("output_format") String outputFormat) {
        return service.estimate(userId(), model, size, quality, n, background, outputFormat);
    }

    @GET
    @Path("/tasks/{task_id}/status")
    public Uni<TaskStatus> status(@PathParam("task_id") UUID taskId) {
        return service.status(userId(), taskId, jwt.getRawToken());
    }

    private UUID userId() {
        return UUID.fromString(jwt.getSubject());
    }
}
