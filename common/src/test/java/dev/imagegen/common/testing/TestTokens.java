package dev.imagegen.common.testing;

import io.smallrye.jwt.build.Jwt;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Tokens for the services' tests, signed with the in-memory key that smallrye-jwt makes in test mode,
 * shaped as gateway-service's login issues them. Shared through common's test-jar.
 */
public final class TestTokens {

    private TestTokens() {
    }

    public static String valid(UUID userId) {
        return Jwt.issuer("imagegen").subject(userId.toString()).upn(userId + "@example.test")
                .groups(Set.of("user")).sign();
    }

    public static String expired(UUID userId) {
        Instant now = Instant.now();
        return Jwt.issuer("imagegen").subject(userId.toString()).upn(userId + "@example.test")
                .groups(Set.of("user")).issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)).sign();
    }

    public static String wrongIssuer(UUID userId) {
        return Jwt.issuer("someone-else").subject(userId.toString()).upn(userId + "@example.test")
                .groups(Set.of("user")).sign();
    }
}
