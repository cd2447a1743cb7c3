package dev.imagegen.worker.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.models.TokenUsage;
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

    /** Every model this key may use, each with its announced {@code shutdown_date}. */
    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ModelList> models(@HeaderParam("Authorization") String authorization,
            @HeaderParam("OpenAI-Organization") String organization, @HeaderParam("OpenAI-Project") String project);

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

    /** What one call asks for; a null option is not sent, so the provider's default applies. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImagesRequest(String model, String prompt, int n, String size, String quality, String style,
            String responseFormat, String background, String outputFormat, Integer outputCompression,
            String moderation) {
    }

    /**
     * GPT-Image answers say what they rendered ({@code size}, {@code quality}, {@code background},
     * {@code output_format}: what "auto" became) and what they billed ({@code usage}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ImagesResponse(Long created, List<ImageData> data, String size, String quality, String background,
            String outputFormat, Usage usage) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ImageData(String b64Json, String url, String revisedPrompt) {
    }

    /** The tokens one call was billed by; every detail is optional to stay readable as OpenAI adds to it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Usage(Long inputTokens, InputDetails inputTokensDetails, Long outputTokens,
            OutputDetails outputTokensDetails, Long totalTokens) {

        /**
         * The suite's usage record. Without input details all input counts as text; without output details every
         * output token is an image token. Cached tokens count only where their kind is given: a bare
         * {@code cached_tokens} is charged at the full price, so a charge never falls short.
         */
        TokenUsage toTokenUsage() {
            InputDetails in = inputTokensDetails;
            long inputText = in == null ? count(inputTokens) : count(in.textTokens());
            long inputImage = in == null ? 0 : count(in.imageTokens());
            CachedDetails cached = in == null ? null : in.cachedTokensDetails();
            long outputImage = outputTokensDetails == null ? count(outputTokens)
                    : count(outputTokensDetails.imageTokens());
            long outputText = outputTokensDetails == null ? 0 : count(outputTokensDetails.textTokens());
            return new TokenUsage(inputText, inputImage, cached == null ? 0 : count(cached.textTokens()),
                    cached == null ? 0 : count(cached.imageTokens()), outputImage, outputText);
        }

        private static long count(Long tokens) {
            return tokens == null ? 0 : tokens;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record InputDetails(Long textTokens, Long imageTokens, Long cachedTokens, CachedDetails cachedTokensDetails) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CachedDetails(Long textTokens, Long imageTokens) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OutputDetails(Long imageTokens, Long textTokens) {
    }

    /** One entry of {@code GET /models}; {@code shutdown_date} is {@code YYYY-MM-DD}, or null when none is announced. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ModelInfo(String id, String object, Long created, String ownedBy, String shutdownDate) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelList(String object, List<ModelInfo> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(ErrorDetail error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorDetail(String message, String type, String param, String code) {
    }
}
