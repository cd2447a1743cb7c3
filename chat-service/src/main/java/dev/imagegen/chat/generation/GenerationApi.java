package dev.imagegen.chat.generation;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** generation-service's intake, called as the user who typed the command. */
@RegisterRestClient(configKey = "generation")
@Path("/images")
interface GenerationApi {

    @POST
    @Path("/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> generate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, GenerationRequest request);
}
