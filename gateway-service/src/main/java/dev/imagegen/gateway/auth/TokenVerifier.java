package dev.imagegen.gateway.auth;

import dev.imagegen.common.auth.Revocations;
import dev.imagegen.common.auth.VerifiedTokens;
import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * Verifies a bearer token outside a REST call (forwarded routes, the WebSocket upgrade, the rate limit), by the
 * same rules as the gateway's authentication: signature, issuer and expiry, then its {@link Revocations} verdict
 * (so a revoked admin's token reaches no owning service's admin route).
 */
@ApplicationScoped
public class TokenVerifier {

    private static final String BEARER = "Bearer ";

    private final VerifiedTokens parser;
    private final Vertx vertx;
    private final Revocations revocations;

    public TokenVerifier(VerifiedTokens parser, Vertx vertx, Revocations revocations) {
        this.parser = parser;
        this.vertx = vertx;
        this.revocations = revocations;
    }

    /** Who holds a token that verifies, and whether it was revoked since. */
    public record Caller(UUID userId, Revocations.Verdict verdict) {
        /** A token whose roles changed since is refused like a bad one; a deleted account's has words of its own. */
        public boolean valid() {
            return verdict == Revocations.Verdict.VALID;
        }
    }

    /** The caller of a token that verifies, with its revocation verdict (one Redis round trip), or {@code null}. */
    public Uni<Caller> caller(String token) {
        JsonWebToken known = parser.known(token);
        Uni<Verified> checked = known != null ? Uni.createFrom().item(verified(known))
                // Verifying the signature is CPU work (and may read the key file on first use).
                : vertx.executeBlocking(() -> verify(token), false);
        return checked.chain(found -> found == null ? Uni.createFrom().nullItem()
                : revocations.verdict(found.userId().toString(), found.rolesAt())
                        .map(verdict -> new Caller(found.userId(), verdict)));
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or {@code null} for any other header. */
    public static String bearer(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }

    private Verified verify(String token) {
        try {
            return verified(parser.parse(token));
        } catch (ParseException e) {
            Log.debugf("Token refused: %s", e.getMessage());
            return null;
        }
    }

    /** The token's caller; {@code null} for a signed token without a user id as subject. */
    private static Verified verified(JsonWebToken jwt) {
        try {
            return new Verified(UUID.fromString(jwt.getSubject()), RevokedUsers.rolesAt(jwt));
        } catch (IllegalArgumentException | NullPointerException e) {
            Log.debugf("Token refused: %s", e.getMessage());
            return null;
        }
    }

    /** A verified token's user and when its roles were read, in epoch ms. */
    private record Verified(UUID userId, long rolesAt) {
    }
}
