package dev.imagegen.gateway.ratelimit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.problem.Problem;
import dev.imagegen.gateway.auth.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes a token from the caller's bucket before any route sees the call; a call without one is answered
 * 429 here and never forwarded. Runs as a Vert.x filter, so the body is not read for it.
 */
@ApplicationScoped
public class RateLimitFilter {

    /** After Quarkus's security handlers (300 to 100), before every route. */
    private static final int PRIORITY = 90;
    private static final long WARN_EVERY_MS = Duration.ofMinutes(1).toMillis();

    private final RateLimitConfig config;
    private final TokenBuckets buckets;
    private final TokenVerifier verifier;
    private final ObjectMapper json;
    private final Map<RouteGroup, Counter> refusals = new EnumMap<>(RouteGroup.class);
    private final Counter unavailable;
    private final AtomicLong lastWarning = new AtomicLong(-WARN_EVERY_MS);

    public RateLimitFilter(RateLimitConfig config, TokenBuckets buckets, TokenVerifier verifier, ObjectMapper json,
            MeterRegistry metrics) {
        this.config = config;
        this.buckets = buckets;
        this.verifier = verifier;
        this.json = json;
        for (RouteGroup group : RouteGroup.values()) {
            refusals.put(group, Counter.builder("imagegen.ratelimit.refusals").tag("group", group.key())
                    .description("Calls answered 429 by the gateway's rate limit").register(metrics));
        }
        this.unavailable = Counter.builder("imagegen.ratelimit.redis.failures")
                .description("Calls let through unlimited because Redis did not answer").register(metrics);
    }

    void register(@Observes Filters filters) {
        if (config.enabled()) {
            filters.register(this::limit, PRIORITY);
        }
    }

    private void limit(RoutingContext request) {
        RouteGroup group = RouteGroup.of(request.request().method(), request.normalizedPath());
        if (group == null) {
            request.next();
            return;
        }
        // The answer may come on another thread; the request continues on its own event loop.
        Context context = Vertx.currentContext();
        boolean paused = !request.request().isEnded();
        if (paused) {
            request.request().pause(); // the body waits for the route instead of arriving before it listens
        }
        caller(request, group)
                .chain(caller -> buckets.take(group, caller, group.bucket(config.groups())))
                .subscribe().with(
                        decision -> context.runOnContext(ignored -> {
                            resume(request, paused);
                            if (decision.allowed()) {
                                headers(request.response(), decision);
                                request.next();
                            } else {
                                refuse(request, group, decision); // an unread body is discarded
                            }
                        }),
                        failure -> context.runOnContext(ignored -> {
                            redisUnavailable(failure);
                            resume(request, paused);
                            request.next();
                        }));
    }

    /**
     * The user of a verified token for per-user groups; otherwise, or for a token that does not verify, the
     * client IP, so a caller cannot pick a fresh bucket by making up tokens. (Quarkus's deferred identity is
     * no use here: for a bad token it answers 401 itself, before the call could be counted.)
     */
    private Uni<String> caller(RoutingContext request, RouteGroup group) {
        String ip = "ip:" + clientIp(request);
        String token = TokenVerifier.bearer(request.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (!group.perUser() || token == null) {
            return Uni.createFrom().item(ip);
        }
        return verifier.caller(token).map(caller -> caller == null || !caller.valid() ? ip : "user:" + caller.userId());
    }

    /** The socket's peer, or the forwarded client when quarkus.http.proxy.* trusts a proxy to say so. */
    private static String clientIp(RoutingContext request) {
        SocketAddress remote = request.request().remoteAddress();
        return remote == null || remote.host() == null ? "unknown" : remote.host();
    }

    private void refuse(RoutingContext request, RouteGroup group, TokenBuckets.Decision decision) {
        refusals.get(group).increment();
        Problem problem = new Problem("urn:imagegen:rate_limited", "Too Many Requests", 429,
                group.refusal(decision.resetSeconds()), "rate_limited", null);
        HttpServerResponse response = request.response();
        headers(response, decision);
        response.setStatusCode(429)
                .putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(decision.resetSeconds()))
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(write(problem));
    }

    private static void headers(HttpServerResponse response, TokenBuckets.Decision decision) {
        response.putHeader("RateLimit-Limit", String.valueOf(decision.limit()))
                .putHeader("RateLimit-Remaining", String.valueOf(decision.remaining()))
                .putHeader("RateLimit-Reset", String.valueOf(decision.resetSeconds()));
    }

    private static void resume(RoutingContext request, boolean paused) {
        if (paused) {
            request.request().resume();
        }
    }

    /** Availability over limits: without Redis every call goes through, and operators hear of it once a minute. */
    private void redisUnavailable(Throwable failure) {
        unavailable.increment();
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
            Log.warnf("Rate limits are not applied: Redis did not answer (%s)", failure.toString());
        }
    }

    private String write(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem record always serializes", e);
        }
    }
}
