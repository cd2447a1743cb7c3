package dev.imagegen.common.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.problem.Problem;
import dev.imagegen.common.streams.StreamKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses, in every service and not only behind the gateway, the tokens the gateway has revoked in Redis: every
 * token of a user who deleted their account ({@link StreamKeys#revoked}) and a token whose roles predate a
 * change of the user's roles ({@link StreamKeys#rolesChanged}). The token's payload is read here
 * without checking its signature: this filter only ever refuses, and the signature is checked by authentication
 * all the same. Without an answer from Redis in time the request goes on, as at the gateway. It runs before route
 * matching, so before the role checks: a revoked admin token is a 401 like any other, not a 403.
 */
@ApplicationScoped
public class RevokedTokenFilter {

    @ConfigMapping(prefix = "imagegen.auth.revocation")
    public interface RevocationConfig {
        /** Off in the gateway, which checks the same keys itself with its own answers. */
        @WithDefault("true")
        boolean filter();

        /** Longest the Redis lookup may take before the request goes on unchecked. */
        @WithDefault("500ms")
        Duration timeout();
    }

    private static final String BEARER = "Bearer ";
    private static final long WARN_EVERY_MS = Duration.ofMinutes(1).toMillis();

    private final ReactiveValueCommands<String, String> values;
    private final ObjectMapper json;
    private final RevocationConfig config;
    private final StreamKeys keys;
    private final AtomicLong lastWarning = new AtomicLong(-WARN_EVERY_MS);

    RevokedTokenFilter(ReactiveRedisDataSource redis, ObjectMapper json, RevocationConfig config,
            StreamKeys keys) {
        this.values = redis.value(String.class);
        this.json = json;
        this.config = config;
        this.keys = keys;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> refuseRevoked(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!config.filter() || header == null || !header.startsWith(BEARER)) {
            return Uni.createFrom().nullItem();
        }
        JsonNode claims = claims(header.substring(BEARER.length()));
        String user = claims == null ? null : claims.path("sub").asText(null);
        if (user == null) {
            return Uni.createFrom().nullItem(); // authentication refuses what cannot be read
        }
        long rolesAt = claims.has("roles_at") ? claims.path("roles_at").asLong()
                : claims.path("iat").asLong() * 1000;
        String deletedKey = keys.revoked(user);
        String rolesKey = keys.rolesChanged(user);
        return values.mget(deletedKey, rolesKey)
                .map(found -> refusal(found, deletedKey, rolesKey, rolesAt))
                .ifNoItem().after(config.timeout()).fail()
                .onFailure().recoverWithItem(failure -> {
                    unavailable(failure);
                    return null;
                });
    }

    private static Response refusal(Map<String, String> found, String deletedKey, String rolesKey, long rolesAt) {
        if (found.get(deletedKey) != null) {
            return unauthorized("account_deleted", "This account was deleted");
        }
        String changedAt = found.get(rolesKey);
        if (changedAt != null && rolesAt < Long.parseLong(changedAt)) {
            return unauthorized("roles_changed", "Your roles changed; log in again");
        }
        return null;
    }

    private static Response unauthorized(String code, String detail) {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .entity(new Problem("urn:imagegen:" + code, "Unauthorized", 401, detail, code, null)).build();
    }

    private JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            return json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    private void unavailable(Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
            Log.warnf("Tokens of deleted accounts and of changed roles are not refused: Redis did not answer (%s)",
                    failure.toString());
        }
    }
}
