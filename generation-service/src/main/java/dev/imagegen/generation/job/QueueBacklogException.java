package dev.imagegen.generation.job;

import dev.imagegen.common.problem.Problem;
import dev.imagegen.common.problem.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Too many accepted jobs wait to reach the jobs stream (Redis down): new submits wait until they drain. */
public class QueueBacklogException extends ProblemException {

    private final long retryAfterSeconds;

    QueueBacklogException(long waiting, long retryAfterSeconds) {
        super(503, "queue_unavailable", waiting + " accepted jobs are waiting for the job queue; please try again"
                + " shortly");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static class Mapper {

        @ServerExceptionMapper
        public Response unavailable(QueueBacklogException e) {
            return Response.status(503).type(Problem.MEDIA_TYPE)
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds)
                    .entity(new Problem("urn:imagegen:" + e.code(), "Service Unavailable", 503, e.getMessage(),
                            e.code(), null))
                    .build();
        }
    }
}
