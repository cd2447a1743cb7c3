package dev.imagegen.gateway.auth;

import java.util.UUID;

/** Answer of a registration. */
public record RegisteredUser(UUID id, String email) {
}
