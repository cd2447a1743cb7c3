package dev.imagegen.chat.thread;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.UUID;

@Path("/chat/threads")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ThreadResource {

    private final ThreadService service;
    private final JsonWebToken jwt;

    public ThreadResource(ThreadService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ThreadView>> open(@Valid ThreadRequest request) {
        return service.open(userId(), request == null ? null : request.title())
                .map(thread -> RestResponse.ResponseBuilder.<ThreadView>created(
                        URI.create("/chat/threads/" + thread.id())).entity(thread).build());
    }

    @GET
    public Uni<ThreadView.Page> list(
            @QueryParam("page") @DefaultValue("1") @Min(value = 1, message = "must be at least 1") int page,
            @QueryParam("size") @DefaultValue("20") @Min(value = 1, message = "must be at least 1")
            @Max(value = 100, message = "must be at most 100") int size) {
        return service.list(userId(), page, size);
    }

    @GET
    @Path("/{id}")
    public Uni<ThreadView> get(@PathParam("id") UUID id) {
        return service.get(userId(), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ThreadView> rename(@PathParam("id") UUID id,
            @Valid @NotNull(message = "is required") ThreadRename request) {
        return service.rename(userId(), id, request.title());
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") UUID id) {
        return service.delete(userId(), id).map(ignored -> RestResponse.noContent());
    }

    private UUID userId() {
        return UUID.fromString(jwt.getSubject());
    }
}
