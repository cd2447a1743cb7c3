package dev.imagegen.gateway.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/** A registered user: the email is stored lowercased and trimmed, the password only as a bcrypt hash. */
@Entity
@Table(name = "users")
public class UserAccount {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";
    /** HQL condition on {@code roles} matching admins, with {@link #ADMIN_PATTERN} as parameter 1. */
    public static final String IS_ADMIN = "concat(',', roles, ',') like ?1";
    public static final String ADMIN_PATTERN = "%," + ROLE_ADMIN + ",%";

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

    public boolean isAdmin() {
        return roleSet().contains(ROLE_ADMIN);
    }

    /** Gives or takes the admin role; answers whether the roles changed. */
    public boolean setAdmin(boolean admin) {
        if (admin == isAdmin()) {
            return false;
        }
        Set<String> changed = new TreeSet<>(roleSet());
        if (admin) {
            changed.add(ROLE_ADMIN);
        } else {
            changed.remove(ROLE_ADMIN);
        }
        // "user" first, as registration writes it.
        roles = changed.stream().sorted(Comparator.comparing((String role) -> !role.equals(ROLE_USER))
                .thenComparing(Comparator.naturalOrder())).collect(Collectors.joining(","));
        return true;
    }
}
