package dev.imagegen.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The refusals the HTTP layer makes before any resource runs, in problem+json like every other: a body above
 * {@code quarkus.http.limits.max-body-size} (Quarkus would end a bare 413, and log the resource's failed read as
 * an error), declared or chunked, and a request Vert.x finds malformed, e.g. without a Host header (Quarkus would
 * answer its own JSON). Also turns off the cleartext HTTP/2 upgrade
 * ({@code Upgrade: h2c}), which no client of the suite uses and which left such a request unanswered.
 */
@ApplicationScoped
public class HttpRefusals implements HttpServerOptionsCustomizer {

    /** Before Quarkus's own body-size check (order -2). */
    private static final int BEFORE_BODY_LIMIT = -3;

    /** After the security checks and rate limits (negative orders), just before the routes that take bodies. */
    private static final int BEFORE_ROUTES = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 1;

    private final ObjectMapper json;
    private final long maxBodyBytes;
    /** Reads a chunked body up to the limit before the resource does, failing the call with 413 past it. */
    private final BodyHandler chunkedBodies;
    private final Instance<StreamedBodies> streamed;

    HttpRefusals(ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody,
            Instance<StreamedBodies> streamed) {
        this.json = json;
        this.maxBodyBytes = maxBody.asLongValue();
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        this.streamed = streamed;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }

    void register(@Observes Router router) {
        router.route().order(BEFORE_BODY_LIMIT).handler(this::refuseDeclaredOversize);
        router.route().order(BEFORE_ROUTES).handler(this::readChunkedBody);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::refusal);
    }

    /** A declared length above the limit is refused before a byte of the body is read. */
    private void refuseDeclaredOversize(RoutingContext call) {
        String length = call.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodyBytes) {
            tooLarge(call);
        } else {
            call.next();
        }
    }

    /**
     * A chunked body (of a length nobody knows in advance) is read here, at most up to the limit; not a multipart
     * one, which the resource reads, nor one the service streams on ({@link StreamedBodies}).
     */
    private void readChunkedBody(RoutingContext call) {
        HttpServerRequest request = call.request();
        if (request.getHeader(HttpHeaders.CONTENT_LENGTH) == null
                && request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true)
                && !String.valueOf(request.getHeader(HttpHeaders.CONTENT_TYPE)).startsWith("multipart/")
                && streamed.stream().noneMatch(bodies -> bodies.streamed(call))) {
            chunkedBodies.handle(call);
        } else {
            call.next();
        }
    }

    /** A status the HTTP layer failed the request with (the body limit of a chunked body, a malformed request). */
    private void refusal(RoutingContext call) {
        HttpServerResponse response = call.response();
        int status = call.statusCode();
        Throwable failure = call.failure();
        boolean httpLayer = failure == null || failure instanceof VertxException;
        if (response.headWritten() || response.ended() || !httpLayer || status < 400 || status >= 500) {
            call.next();
            return;
        }
        if (status == 413) {
            tooLarge(call);
        } else {
            String detail = failure != null && failure.getMessage() != null
                    ? "The request is not valid HTTP: " + failure.getMessage()
                    : "The request was refused: " + Response.Status.fromStatusCode(status);
            write(response, new Problem("about:blank", ProblemMappers.reason(status), status, detail, null, null));
        }
    }

    private void tooLarge(RoutingContext call) {
        // The client may still be sending: close once answered rather than read a body nobody wants.
        call.response().putHeader(HttpHeaders.CONNECTION, "close");
        write(call.response(), new Problem("urn:imagegen:too_large", "Content Too Large", 413,
                "The request body is larger than the " + maxBodyBytes / 1024 + " KiB this service takes",
                "too_large", null));
    }

    private void write(HttpServerResponse response, Problem problem) {
        try {
            response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem record always serializes", e);
        }
    }

    private static long declaredLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses a malformed length itself
        }
    }
}
