package dev.imagegen.common.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Refuses, in every service and not only behind the gateway, the tokens the gateway has revoked
 * ({@link Revocations}). The token's payload is read here without checking its signature: this filter only ever
 * refuses, and the signature is checked by authentication all the same. It runs before route matching, so before
 * the role checks: a revoked admin token is a 401 like any other, not a 403.
 */
@ApplicationScoped
public class RevokedTokenFilter {

    private static final String BEARER = "Bearer ";

    private final Revocations revocations;
    private final ObjectMapper json;

    RevokedTokenFilter(Revocations revocations, ObjectMapper json) {
        this.revocations = revocations;
        this.json = json;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> refuseRevoked(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!revocations.filterEnabled() || header == null || !header.startsWith(BEARER)) {
            return Uni.createFrom().nullItem();
        }
        JsonNode claims = claims(header.substring(BEARER.length()));
        String user = claims == null ? null : claims.path("sub").asText(null);
        if (user == null) {
            return Uni.createFrom().nullItem(); // authentication refuses what cannot be read
        }
        JsonNode rolesAt = claims.path(Revocations.ROLES_AT_CLAIM);
        return revocations.verdict(user, Revocations.rolesAt(rolesAt.isNumber() ? rolesAt.numberValue() : null,
                claims.path("iat").asLong())).map(verdict -> switch (verdict) {
                    case ACCOUNT_DELETED -> unauthorized("account_deleted", "This account was deleted");
                    case ROLES_CHANGED -> unauthorized("roles_changed", "Your roles changed; log in again");
                    case VALID -> null;
                });
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
}
