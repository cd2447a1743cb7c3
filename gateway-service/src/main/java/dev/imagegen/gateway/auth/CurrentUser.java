package dev.imagegen.gateway.auth;

import java.util.Set;
import java.util.UUID;

/** Who the caller's token says they are. */
public record CurrentUser(UUID id, String email, Set<String> roles) {
}
