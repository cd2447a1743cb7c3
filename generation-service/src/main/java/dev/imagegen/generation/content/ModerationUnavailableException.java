package dev.imagegen.generation.content;

import dev.imagegen.common.problem.Problem;
import dev.imagegen.common.problem.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The moderation check could not be made; the client should try again, after OpenAI's Retry-After if it gave one. */
public class ModerationUnavailableException extends ProblemException {

    private final String retryAfter;

    ModerationUnavailableException(String retryAfter) {
        super(503, "content_check_unavailable", "The content check is unavailable; please try again shortly");
        this.retryAfter = retryAfter;
    }

    public static class Mapper {

        @ServerExceptionMapper
        public Response unavailable(ModerationUnavailableException e) {
            Response.ResponseBuilder response = Response.status(503).type(Problem.MEDIA_TYPE).entity(new Problem(
                    "urn:imagegen:" + e.code(), "Service Unavailable", 503, e.getMessage(), e.code(), null));
            if (e.retryAfter != null) {
                response.header(HttpHeaders.RETRY_AFTER, e.retryAfter);
            }
            return response.build();
        }
    }
}
