package dev.imagegen.gateway.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.gateway.auth.UserAccount;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** One account as an admin sees it: never the password hash. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdminUser(UUID id, String email, Set<String> roles, Instant createdAt) {

    static AdminUser of(UserAccount account) {
        return new AdminUser(account.id, account.email, account.roleSet(), account.createdAt);
    }
}
