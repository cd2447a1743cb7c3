package dev.imagegen.gateway.auth;

import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Verifies a bearer token outside a REST call (the WebSocket upgrade, the rate limit), by the same rules as
 * the gateway's authentication: signature, issuer and expiry.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final String BEARER = "Bearer ";

    private final JWTParser parser;
    private final Vertx vertx;

    public TokenVerifier(JWTParser parser, Vertx vertx) {
        this.parser = parser;
        this.vertx = vertx;
    }

    /** The user id the token was issued to, or {@code null} for a token that does not verify. */
    public Uni<UUID> userId(String token) {
        // Verifying the signature is CPU work (and may read the key file on first use).
        return vertx.executeBlocking(() -> verify(token), false);
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or {@code null} for any other header. */
    public static String bearer(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }

    private UUID verify(String token) {
        try {
            return UUID.fromString(parser.parse(token).getSubject());
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            Log.debugf("Token refused: %s", e.getMessage());
            return null;
        }
    }
}
