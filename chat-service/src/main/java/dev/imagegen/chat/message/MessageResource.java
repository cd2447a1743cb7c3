package dev.imagegen.chat.message;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

@Path("/chat/threads/{id}/messages")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private final MessageService service;
    private final JsonWebToken jwt;

    public MessageResource(MessageService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @GET
    public Uni<MessageView.Page> list(@PathParam("id") UUID threadId,
            @QueryParam("page") @DefaultValue("1") @Min(value = 1, message = "must be at least 1") int page,
            @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "must be at least 1")
            @Max(value = 200, message = "must be at most 200") int size) {
        return service.list(userId(), threadId, page, size);
    }

    /** Commands never fail the request: their problems come back as the assistant's reply. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<MessageView.Posted>> post(@PathParam("id") UUID threadId,
            @Valid @NotNull(message = "is required") MessageRequest request) {
        return service.post(userId(), threadId, request.content(), jwt.getRawToken())
                .map(posted -> RestResponse.status(RestResponse.Status.CREATED, posted));
    }

    private UUID userId() {
        return UUID.fromString(jwt.getSubject());
    }
}
