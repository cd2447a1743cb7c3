package dev.imagegen.generation.content;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/** OpenAI's {@code POST /v1/moderations}, under the base URL the worker uses too (OPENAI_BASE_URL). */
@RegisterRestClient(configKey = "openai-moderation")
@Path("/moderations")
interface OpenAiModerationApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Result> moderate(@HeaderParam("Authorization") String authorization, Request request);

    record Request(String model, String input) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(List<Verdict> results) {
    }

    /** One input's verdict; {@code categories} maps OpenAI's names (such as {@code violence/graphic}) to flags. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Verdict(boolean flagged, Map<String, Boolean> categories) {
    }
}
