package dev.imagegen.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;

/**
 * Turns every failure into problem+json: the client learns what was wrong, never which exception
 * was thrown or where.
 */
public class ProblemMappers {

    private static final int RETRY_UNAVAILABLE_SECONDS = 5;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(new Problem(typeOf(e.code()), reason(e.status()), e.status(), e.getMessage(), e.code(),
                e.errors()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = "The request is invalid: " + String.join("; ",
                errors.stream().map(f -> f.field() + " " + f.message()).toList());
        return respond(new Problem(typeOf("validation"), "Bad Request", 400, detail, "validation", errors));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return respond(new Problem(typeOf("malformed_json"), "Bad Request", 400,
                "The request body is not valid JSON for this endpoint" + location(e), "malformed_json", null));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        String field = e.getPropertyName();
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        String detail = "The request has a field this endpoint does not know: " + field
                + (known.isEmpty() ? "" : " (known fields: " + String.join(", ", known) + ")");
        return respond(new Problem(typeOf("unknown_field"), reason(422), 422, detail, "unknown_field",
                List.of(new Problem.FieldError(field, "is not a field of this request"))));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthorized() {
        Response response = respond(new Problem(typeOf("unauthorized"), "Unauthorized", 401,
                "A valid bearer token is required", "unauthorized", null));
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(new Problem(typeOf("forbidden"), "Forbidden", 403, "You may not do this", "forbidden", null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json); // the JSON reader wraps syntax errors before mappers see them
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            Log.error("Request failed", e);
            return respond(new Problem("about:blank", reason(status), status, "The server could not answer", null,
                    null));
        }
        return respond(new Problem("about:blank", reason(status), status, e.getMessage(), null, null));
    }

    /** Any other failure, checked ones too: a store refusing connections fails a request with a ConnectException. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (StoreFailures.unavailable(e)) {
            // Not a bug and not the client's fault: a retry a little later will most likely work.
            Log.warnf("Request failed, a data store is unavailable: %s", e.getMessage());
            return Response.status(503).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, RETRY_UNAVAILABLE_SECONDS)
                    .entity(new Problem(typeOf("unavailable"), "Service Unavailable", 503,
                            "The service is overloaded or cannot reach its data; try again in a few seconds",
                            "unavailable", null))
                    .build();
        }
        if (nulInText(e)) {
            // JSON allows \u0000 in a string, PostgreSQL text does not: the client's input, not a bug.
            return respond(new Problem(typeOf("validation"), reason(422), 422,
                    "Text fields must not contain NUL (\\u0000) characters", "validation", null));
        }
        Log.error("Request failed unexpectedly", e);
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "The server could not answer; the error was logged", "internal", null));
    }

    /** PostgreSQL refusing a NUL byte in text (SQLSTATE 22021, "invalid byte sequence … 0x00"). */
    static boolean nulInText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if ("22021".equals(StoreFailures.sqlState(t)) && t.getMessage() != null && t.getMessage().contains("0x00")) {
                return true;
            }
        }
        return false;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String typeOf(String code) {
        return "urn:imagegen:" + code;
    }

    static String reason(int status) {
        if (status == 422) {
            return "Unprocessable Content"; // RFC 9110's name; JAX-RS's table has none for 422
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    /** "generate.request.prompt" → "prompt": clients know the body's fields, not our method names. */
    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
