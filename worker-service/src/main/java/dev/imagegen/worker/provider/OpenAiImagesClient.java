package dev.imagegen.worker.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
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
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * OpenAI's (and Azure OpenAI's) image endpoints; built by {@link OpenAiImageProvider}, which owns retries,
 * timeouts and the rate limit. Null header values are not sent.
 */
interface OpenAiImagesClient {

    @POST
    @Path("/images/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ImagesResponse> generate(@HeaderParam("Authorization") String authorization,
            @HeaderParam("OpenAI-Organization") String organization, @HeaderParam("OpenAI-Project") String project,
            ImagesRequest request);

    @POST
    @Path("/openai/deployments/{deployment}/images/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ImagesResponse> generateAzure(@PathParam("deployment") String deployment,
            @QueryParam("api-version") String apiVersion, @HeaderParam("api-key") String apiKey,
            ImagesRequest request);

    /** 200 when the model exists for this key, 404 when it does not. */
    @GET
    @Path("/models/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ModelInfo> model(@PathParam("model") String model, @HeaderParam("Authorization") String authorization,
            @HeaderParam("OpenAI-Organization") String organization, @HeaderParam("OpenAI-Project") String project);

    /** Turns OpenAI's error body and headers into a provider error the job can fail with. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        ErrorBody body = null;
        try {
            if (response.hasEntity()) {
                body = response.readEntity(ErrorBody.class);
            }
        } catch (RuntimeException e) {
            // not OpenAI's JSON (a proxy's page): the status alone decides
        }
        return OpenAiErrors.toProviderException(response.getStatus(), body == null ? null : body.error(),
                response.getHeaderString("retry-after-ms"), response.getHeaderString("Retry-After"),
                response.getHeaderString("x-should-retry"));
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImagesRequest(String model, String prompt, int n, String size, String quality, String style,
            String responseFormat) {
    }

    /** {@code size} and {@code quality} come back from GPT-Image models, telling what "auto" became. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ImagesResponse(List<ImageData> data, String size, String quality) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ImageData(String b64Json, String url, String revisedPrompt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelInfo(String id) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(ErrorDetail error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorDetail(String message, String type, String param, String code) {
    }
}
