package dev.imagegen.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.auth.Revocations;
import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.common.problem.ProblemMappers;
import dev.imagegen.common.problem.StreamedBodies;
import dev.imagegen.gateway.auth.AccountDeletedException;
import dev.imagegen.gateway.auth.AccountDeletedMapper;
import dev.imagegen.gateway.auth.TokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Relays each call of a {@link PublicRoutes} route to the service that owns it and that service's answer back,
 * both streamed: nothing holds a whole body, so a large export passes chunk by chunk. The caller's token is checked
 * here first (zero trust) and passed on, so the owning service scopes the call to the caller again. Only an owner
 * that cannot be reached, or whose connections are all taken, becomes the gateway's own 503.
 *
 * <p>A Vert.x route rather than REST resources, which buffer or re-frame bodies; its refusals are made by the same
 * exception mappers as the REST resources' answers, so a client cannot tell the two apart.
 */
@ApplicationScoped
public class Forwarder implements StreamedBodies {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /**
     * What an owning service needs of the caller's request besides method, path, query and body. Not Accept: the
     * web app asks for JSON on every call, its image and CSV downloads included, and each route has one format, so
     * an owner asked for JSON would refuse a download with 406. Without it, every owner answers in its format.
     */
    static final List<String> FORWARDED_HEADERS = List.of(HttpHeaders.AUTHORIZATION.toString(),
            HttpHeaders.CONTENT_TYPE.toString(), HttpHeaders.IF_NONE_MATCH.toString(), IDEMPOTENCY_KEY);
    /** What a client needs of the owner's answer besides status and body. */
    static final List<String> RELAYED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE.toString(), "Content-Disposition",
            HttpHeaders.ETAG.toString(), HttpHeaders.CACHE_CONTROL.toString(), HttpHeaders.RETRY_AFTER.toString(),
            HttpHeaders.LOCATION.toString(), "Content-Security-Policy");

    /** After the security handlers and the rate limit (filters, negative orders), before static files and REST. */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT;
    /** Read by Quarkus's HTTP metrics and tracing: a route's template, so ids do not become metric tags. */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
    /** How long the rest of an answer nobody reads may take to arrive before the call to its owner is reset. */
    private static final Duration DISCARD_GRACE = Duration.ofSeconds(1);

    private final RoutingConfig config;
    private final long maxBodyBytes;
    /** A client per pool, each with its own connections, so a full bulk pool never delays an ordinary call. */
    private final Map<Route.Pool, HttpClient> clients = new EnumMap<>(Route.Pool.class);
    private final Map<Route.Pool, Integer> poolSizes = new EnumMap<>(Route.Pool.class);
    private final MeterRegistry metrics;
    private final TokenVerifier verifier;
    private final ObjectMapper json;
    private final ProblemMappers problems = new ProblemMappers();
    private final AccountDeletedMapper accountDeleted = new AccountDeletedMapper();
    private final Vertx vertx;

    Forwarder(RoutingConfig config, Vertx vertx, TokenVerifier verifier, ObjectMapper json,
            MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.config = config;
        this.vertx = vertx;
        this.maxBodyBytes = maxBody.asLongValue();
        pool(vertx, Route.Pool.STANDARD, config.maxConnectionsPerService(), config.maxWaitingPerService());
        pool(vertx, Route.Pool.BULK, config.bulk().maxConnectionsPerService(), config.bulk().maxWaitingPerService());
        this.metrics = metrics;
        this.verifier = verifier;
        this.json = json;
    }

    private void pool(Vertx vertx, Route.Pool pool, int connections, int waiting) {
        clients.put(pool, vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) config.connectTimeout().toMillis()),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(waiting)));
        poolSizes.put(pool, connections);
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::forward);
    }

    /** Forwarded bodies stream to their owner; a chunked one for the gateway's own resources is read first. */
    @Override
    public boolean streamed(RoutingContext call) {
        return !PublicRoutes.methodsOf(call.normalizedPath()).isEmpty();
    }

    private void forward(RoutingContext call) {
        String path = call.normalizedPath();
        Route route = PublicRoutes.find(call.request().method(), path);
        if (route == null) {
            Set<HttpMethod> allowed = PublicRoutes.methodsOf(path);
            if (allowed.isEmpty()) {
                call.next(); // the gateway's own resources, the web app, or the REST layer's 404
            } else if (call.request().method() == HttpMethod.OPTIONS) {
                call.response().putHeader(HttpHeaders.ALLOW,
                        allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "))).end();
            } else {
                answer(call, problems.web(new WebApplicationException(405)));
            }
            return;
        }
        call.request().pause(); // the body waits for the owning service instead of arriving unread
        if (VertxContext.isOnDuplicatedContext()) {
            ContextLocals.put(URL_PATH_TEMPLATE, route.template());
        }
        Context context = Vertx.currentContext();
        refusal(route, call.request()).subscribe().with(
                refused -> context.runOnContext(ignored -> refused.ifPresentOrElse(
                        answer -> answer(call, answer), () -> relay(call, route, path))),
                failure -> context.runOnContext(ignored -> answer(call,
                        problems.unexpected(new IllegalStateException("The token check failed", failure)))));
    }

    /** Why the caller may not use the route (401 problem+json, as from the REST resources), or nothing. */
    private Uni<Optional<Response>> refusal(Route route, HttpServerRequest request) {
        if (route.access() == Route.Access.PUBLIC) {
            return Uni.createFrom().item(Optional.empty());
        }
        String token = TokenVerifier.bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().item(Optional.of(problems.unauthorized()));
        }
        return verifier.caller(token).map(caller -> {
            if (caller != null && caller.verdict() == Revocations.Verdict.ACCOUNT_DELETED) {
                return Optional.of(accountDeleted.deleted(new AccountDeletedException()));
            }
            return caller == null || !caller.valid() ? Optional.of(problems.unauthorized()) : Optional.empty();
        });
    }

    private void relay(RoutingContext call, Route route, String path) {
        HttpServerRequest request = call.request();
        OwningService owner = route.owner();
        String query = request.query();
        RequestOptions options = new RequestOptions().setMethod(request.method())
                .setAbsoluteURI(owner.baseUrl(config) + path + (query == null ? "" : "?" + query))
                .setConnectTimeout(config.acquireTimeout().toMillis()) // Vert.x: the wait for a pooled connection
                .setIdleTimeout(config.readTimeout().toMillis());
        for (String header : FORWARDED_HEADERS) {
            String value = request.getHeader(header);
            if (value != null) {
                if (!printableAscii(value)) {
                    // The HTTP client would refuse to send it, which is the caller's input, not a service down.
                    answer(call, problems.problem(new ProblemException(400, "invalid_header",
                            "Header " + header + " must hold printable ASCII characters only")));
                    return;
                }
                options.putHeader(header, value);
            }
        }
        // Open routes are the share links people open in a browser: their Accept picks the image, a page in
        // words for a dead link, or problem+json for an API client.
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (route.access() == Route.Access.PUBLIC && accept != null) {
            options.putHeader(HttpHeaders.ACCEPT, accept);
        }
        clients.get(route.pool()).request(options).onComplete(acquired -> {
            if (acquired.failed()) {
                if (isBusy(acquired.cause())) {
                    busy(call, route);
                } else {
                    unavailable(call, route, acquired.cause());
                }
                return;
            }
            HttpClientRequest upstream = acquired.result();
            upstream.exceptionHandler(ignored -> {
            }); // every failure reaches send()'s future below; Vert.x would log each one as an error besides
            if (call.response().closed()) {
                upstream.reset(); // the caller left while a connection was found
                return;
            }
            // A caller that leaves (say, half-way through its body) must not keep an owner's connection for the
            // read timeout: a few such callers would take the whole pool.
            AtomicReference<HttpClientResponse> answered = new AtomicReference<>();
            call.response().closeHandler(closed -> {
                if (!call.response().ended()) {
                    if (answered.get() == null) {
                        upstream.reset();
                    } else {
                        discard(answered.get());
                    }
                }
            });
            send(request, upstream)
                    .onSuccess(response -> {
                        answered.set(response);
                        relayAnswer(call, route, response);
                    })
                    // an owner stops reading a chunked body past its limit by closing: the body, not the owner, failed
                    .onFailure(failure -> {
                        if (call.response().closed()) {
                            return; // the caller left, and the call to the owner was reset for it: nothing to tell
                        }
                        if (request.bytesRead() > maxBodyBytes) {
                            tooLarge(call, route);
                        } else {
                            unavailable(call, route, failure);
                        }
                    });
        });
    }

    private static boolean printableAscii(String value) {
        return value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f));
    }

    /** Every connection of the pool is in use and the wait queue is full, or the wait outlasted the acquire timeout. */
    private static boolean isBusy(Throwable failure) {
        return failure instanceof ConnectionPoolTooBusyException || failure instanceof TimeoutException;
    }

    /**
     * The owner is up but all of this pool's connections to it are taken: refused rather than queued without end,
     * with a Retry-After of the acquire timeout, the wait the caller just could not be given.
     */
    private void busy(RoutingContext call, Route route) {
        OwningService owner = route.owner();
        metrics.counter("imagegen.routing.busy", "owner", owner.name().toLowerCase(Locale.ROOT),
                "pool", route.pool().name().toLowerCase(Locale.ROOT)).increment();
        if (call.response().headWritten() || call.response().closed()) {
            return;
        }
        long retryAfter = Math.max(1, (config.acquireTimeout().toMillis() + 999) / 1000);
        String calls = route.pool() == Route.Pool.BULK ? "downloads" : "calls";
        Response refusal = problems.problem(new ProblemException(503, "gateway_busy",
                "All " + poolSizes.get(route.pool()) + " connections for " + calls + " to the " + owner.displayName
                        + " are in use; try again in " + retryAfter + (retryAfter == 1 ? " second" : " seconds")));
        answer(call, Response.fromResponse(refusal).header(HttpHeaders.RETRY_AFTER.toString(), retryAfter).build());
    }

    /**
     * The caller's body streams through as it arrives; a call without one is sent without one. A body the caller
     * breaks off (its connection closed half-way) resets the call to the owner: ended short instead, as Vert.x's
     * default pipe would, it would look complete, and once the owner had answered early (say, a 415 before reading
     * the body) the connection would go back to the pool with the owner still waiting for the rest, reading the
     * next call on it as this body.
     */
    private static Future<HttpClientResponse> send(HttpServerRequest request, HttpClientRequest upstream) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            upstream.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true)) {
            upstream.setChunked(true); // sent chunked, as it came
        } else {
            request.resume();
            return upstream.send();
        }
        request.pipe().endOnFailure(false).to(upstream).onFailure(broken -> upstream.reset());
        return upstream.response();
    }

    private void relayAnswer(RoutingContext call, Route route, HttpClientResponse upstream) {
        if (bareRefusal(upstream)) {
            upstream.body(); // nothing to read but the end
            if (upstream.statusCode() == 413) {
                tooLarge(call, route);
            } else {
                answer(call, problems.web(new WebApplicationException(upstream.statusCode())));
            }
            return;
        }
        HttpServerResponse response = call.response().setStatusCode(upstream.statusCode());
        for (String header : RELAYED_HEADERS) {
            String value = upstream.getHeader(header);
            if (value != null) {
                response.putHeader(header, header.equals(HttpHeaders.LOCATION.toString()) ? publicPath(value) : value);
            }
        }
        String length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else if (hasBody(upstream)) {
            response.setChunked(true);
        }
        upstream.pipe().endOnFailure(false).to(response).onFailure(failure -> {
            discard(upstream); // nobody will read the rest
            if (response.closed()) {
                return; // the caller went away
            }
            // Headers are out: the only honest answer left is a broken connection, never a truncated "success".
            Log.warnf("The %s broke off its answer to %s %s: %s", route.owner().displayName, route.method(),
                    route.template(), describe(failure));
            response.reset();
        });
    }

    /**
     * Reads and drops the rest of an owner's answer. Not a reset at once: an answer that has arrived in full (though
     * not yet relayed, the caller being slow) has already given its connection back to the pool, and Vert.x closes
     * the connection of a stream reset after its response ended, under whichever call has it by then. An answer
     * still arriving a second later is reset, so that the owner stops sending it.
     */
    private void discard(HttpClientResponse answer) {
        answer.handler(null);
        answer.resume();
        vertx.setTimer(DISCARD_GRACE.toMillis(), timer -> {
            if (!answer.end().isComplete()) {
                answer.request().reset();
            }
        });
    }

    /**
     * A refusal the owner's HTTP layer made without a body (e.g. a chunked body over its limit): the client gets it
     * in problem+json like any other refusal.
     */
    private static boolean bareRefusal(HttpClientResponse upstream) {
        return upstream.statusCode() >= 400 && upstream.getHeader(HttpHeaders.CONTENT_TYPE) == null
                && "0".equals(upstream.getHeader(HttpHeaders.CONTENT_LENGTH))
                && upstream.request().getMethod() != HttpMethod.HEAD;
    }

    private static boolean hasBody(HttpClientResponse upstream) {
        int status = upstream.statusCode();
        return status != 204 && status != 304 && status >= 200 && upstream.request().getMethod() != HttpMethod.HEAD;
    }

    private void tooLarge(RoutingContext call, Route route) {
        if (call.response().headWritten() || call.response().closed()) {
            return;
        }
        call.response().putHeader(HttpHeaders.CONNECTION, "close"); // the client may still be sending
        answer(call, problems.problem(new ProblemException(413, "too_large",
                "The request body is larger than the " + route.owner().displayName + " takes")));
    }

    private void unavailable(RoutingContext call, Route route, Throwable failure) {
        OwningService owner = route.owner();
        Log.warnf("The %s is unreachable for %s %s: %s", owner.displayName, route.method(), route.template(),
                describe(failure));
        if (!call.response().headWritten() && !call.response().closed()) {
            answer(call, problems.problem(new ProblemException(503, "upstream_unavailable",
                    "The " + owner.displayName + " is unavailable; try again shortly")));
        }
    }

    /**
     * What went wrong, without the call's path or query: a share link's path is its secret. A refused connection
     * names the owner's address, which is what an operator needs.
     */
    private static String describe(Throwable failure) {
        return failure instanceof ConnectException ? failure.toString() : failure.getClass().getSimpleName();
    }

    /** Writes a REST-style answer (a mapper's problem+json) on the Vert.x response. */
    private void answer(RoutingContext call, Response answer) {
        call.request().resume(); // a refused call's unread body is dropped, not left to stall the connection
        HttpServerResponse response = call.response().setStatusCode(answer.getStatus());
        answer.getStringHeaders().forEach(response::putHeader); // Content-Type and any challenge
        try {
            response.end(answer.hasEntity() ? json.writeValueAsString(answer.getEntity()) : "");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem record always serializes", e);
        }
    }

    /** An owning service names itself by its internal address; clients only ever see the gateway. */
    private static String publicPath(String location) {
        URI uri = URI.create(location);
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }
}
