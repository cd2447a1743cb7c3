package dev.imagegen.chat;

import io.smallrye.jwt.build.Jwt;

import java.util.Set;
import java.util.UUID;

/** A fresh user per test, with a token signed by the test-mode key the service trusts. */
public record TestUser(UUID id, String token) {

    public static TestUser create() {
        UUID id = UUID.randomUUID();
        String token = Jwt.issuer("imagegen").subject(id.toString()).upn(id + "@example.test")
                .groups(Set.of("user")).sign();
        return new TestUser(id, token);
    }

    public String bearer() {
        return "Bearer " + token;
    }
}
