package dev.imagegen.common.testing;

import java.util.UUID;

/** A fresh user per test, with a valid token. */
public record TestUser(UUID id, String token) {

    public static TestUser create() {
        UUID id = UUID.randomUUID();
        return new TestUser(id, TestTokens.valid(id));
    }
}
