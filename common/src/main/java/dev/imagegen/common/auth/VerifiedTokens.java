package dev.imagegen.common.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;

/**
 * The JWT parser of every service (authentication uses it, as does the gateway's forwarding), remembering the
 * tokens that verified by their exact text: a signed token cannot change verdict before it expires, and the RS256
 * check is the largest part of an authenticated call's CPU, paid at every hop and on every call of a user. Each
 * service still verifies every token once itself. Bounded by {@code imagegen.auth.verified-tokens} entries (about
 * 2 KiB each), never used past the token's expiry, and forgotten after {@link #REMEMBERED} so that a rotated
 * signing key stops counting soon. Refusals are not remembered. Revocations are checked apart, per call.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    static final Duration REMEMBERED = Duration.ofMinutes(5);

    private final DefaultJWTParser parser;
    private final Cache<String, JsonWebToken> verified;

    VerifiedTokens(DefaultJWTParser parser,
            @ConfigProperty(name = "imagegen.auth.verified-tokens", defaultValue = "4096") int size) {
        this.parser = parser;
        this.verified = Caffeine.newBuilder().maximumSize(size).expireAfter(new UntilExpiry()).build();
    }

    /** The token, verified now or before; a token that does not verify fails as the default parser says. */
    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = known(token);
        if (known != null) {
            return known;
        }
        JsonWebToken jwt = parser.parse(token);
        verified.put(token, jwt);
        return jwt;
    }

    /** The token if it verified before and has not expired since, else {@code null}: no CPU spent on it. */
    public JsonWebToken known(String token) {
        JsonWebToken jwt = verified.getIfPresent(token);
        return jwt != null && Instant.now().getEpochSecond() < jwt.getExpirationTime() ? jwt : null;
    }

    // Verifications with other keys or settings than the service's own are not remembered.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }

    /** An entry lives until its token expires, {@link #REMEMBERED} at most. */
    private static final class UntilExpiry implements Expiry<String, JsonWebToken> {

        @Override
        public long expireAfterCreate(String token, JsonWebToken jwt, long now) {
            long untilExpiry = Duration.ofSeconds(jwt.getExpirationTime() - Instant.now().getEpochSecond()).toNanos();
            return Math.max(0, Math.min(untilExpiry, REMEMBERED.toNanos()));
        }

        @Override
        public long expireAfterUpdate(String token, JsonWebToken jwt, long now, long current) {
            return expireAfterCreate(token, jwt, now);
        }

        @Override
        public long expireAfterRead(String token, JsonWebToken jwt, long now, long current) {
            return current;
        }
    }
}
