package dev.imagegen.chat.generation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/**
 * Asks generation-service for jobs with the user's own token, so its validation, filters and quotas apply
 * to chat exactly as to the API. Every outcome is an answer for the thread, never an exception.
 */
@ApplicationScoped
public class GenerationClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String UNAVAILABLE = "The image service is unavailable right now; please try again shortly.";

    private final GenerationApi api;
    private final ObjectMapper json;

    GenerationClient(@RestClient GenerationApi api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    public Uni<Submission> submit(String bearerToken, GenerationRequest request) {
        return api.generate("Bearer " + bearerToken, request)
                .ifNoItem().after(TIMEOUT).fail()
                .map(this::read)
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("generation-service could not be asked for a job: %s", e.getMessage());
                    return new Submission.Refused("upstream_unavailable", UNAVAILABLE);
                });
    }

    private Submission read(Response response) {
        try (response) {
            int status = response.getStatus();
            JsonNode body = response.hasEntity() ? body(response.readEntity(byte[].class)) : null;
            if (status == 202 && body != null && body.hasNonNull("task_id")) {
                return new Submission.Accepted(UUID.fromString(body.get("task_id").asText()));
            }
            if (status >= 400 && status < 500 && body != null && body.hasNonNull("detail")) {
                return new Submission.Refused(body.path("code").asText(null), body.get("detail").asText());
            }
            Log.warnf("generation-service answered %d to a chat job request", status);
            return new Submission.Refused("upstream_unavailable", UNAVAILABLE);
        }
    }

    /** Problem bodies come as application/problem+json, which the client's JSON reader does not claim. */
    private JsonNode body(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }
}
