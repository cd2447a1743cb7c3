package dev.imagegen.generation.quota;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A quota refusal is problem+json that also says which limit, how much is used, and when it resets. */
public class QuotaProblemMapper {

    private final Clock clock;

    public QuotaProblemMapper(Clock clock) {
        this.clock = clock;
    }

    @ServerExceptionMapper
    public Response refused(QuotaExceededException e) {
        QuotaProblem body = new QuotaProblem("urn:imagegen:quota_exceeded", "Too Many Requests", 429, e.getMessage(),
                e.code(), e.limit(), e.used(), e.max(), e.resetsAt());
        Response.ResponseBuilder response = Response.status(429).type(Problem.MEDIA_TYPE).entity(body);
        if (QuotaLedger.DAILY_IMAGES.equals(e.limit())) {
            long seconds = Math.max(1, Duration.between(clock.instant(), e.resetsAt()).toSeconds());
            response.header(HttpHeaders.RETRY_AFTER, seconds);
        }
        return response.build();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record QuotaProblem(String type, String title, int status, String detail, String code, String limit, String used,
            String max, Instant resetsAt) {
    }
}
