package dev.imagegen.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.imagegen.common.auth.Revocations;
import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Verifies a bearer token outside a REST call (forwarded routes, the WebSocket upgrade, the rate limit), by the
 * same rules as the gateway's authentication: signature, issuer and expiry, then its {@link Revocations} verdict
 * (so a revoked admin's token reaches no owning service's admin route).
 */
@ApplicationScoped
public class TokenVerifier {

    private static final String BEARER = "Bearer ";
    private static final Duration REMEMBERED = Duration.ofMinutes(5);

    private final JWTParser parser;
    private final Vertx vertx;
    private final Revocations revocations;
    /**
     * Tokens that verified, by their text: a signed token's verdict cannot change before it expires, and the
     * RS256 check is most of what a rate-limited call costs. Bounded in size and never used past the token's
     * expiry; a rotated signing key stops counting here within {@link #REMEMBERED} (revocations are checked apart).
     */
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(REMEMBERED).build();

    public TokenVerifier(JWTParser parser, Vertx vertx, Revocations revocations) {
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
        Verified known = verified.getIfPresent(token);
        Uni<Verified> checked = known != null && Instant.now().getEpochSecond() < known.expiresAt()
                ? Uni.createFrom().item(known)
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
            JsonWebToken jwt = parser.parse(token);
            Verified found = new Verified(UUID.fromString(jwt.getSubject()), jwt.getExpirationTime(),
                    RevokedUsers.rolesAt(jwt));
            verified.put(token, found);
            return found;
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            Log.debugf("Token refused: %s", e.getMessage());
            return null;
        }
    }

    /** A verified token's user, its expiry in epoch seconds and when its roles were read, in epoch ms. */
    private record Verified(UUID userId, long expiresAt, long rolesAt) {
    }
}
