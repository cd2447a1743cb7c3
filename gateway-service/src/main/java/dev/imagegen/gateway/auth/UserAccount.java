package dev.imagegen.gateway.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A registered user: the email is stored lowercased and trimmed, the password only as a bcrypt hash. */
@Entity
@Table(name = "users")
public class UserAccount {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String email;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    /** Comma-separated role names, e.g. {@code user,admin}. */
    @Column(nullable = false)
    public String roles;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public Set<String> roleSet() {
        return Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
