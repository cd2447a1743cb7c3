package dev.imagegen.worker.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** OpenAI's image generation endpoint; built by {@link OpenAiImageProvider}, which owns retries and timeouts. */
@Path("/images/generations")
interface OpenAiImagesClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ImagesResponse> generate(@HeaderParam("Authorization") String authorization, ImagesRequest request);

    /** Turns OpenAI's error body into a provider error the job can fail with. */
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
                response.getHeaderString("Retry-After"));
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImagesRequest(String model, String prompt, int n, String size, String quality, String style,
            String responseFormat) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ImagesResponse(List<ImageData> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ImageData(String b64Json, String url, String revisedPrompt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(ErrorDetail error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorDetail(String message, String type, String param, String code) {
    }
}
