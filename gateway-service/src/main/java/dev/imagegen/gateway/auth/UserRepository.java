package dev.imagegen.gateway.auth;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserAccount, UUID> {

    /** {@code email} must already be normalised (see {@link AuthService#normalise}). */
    public Uni<UserAccount> findByEmail(String email) {
        return find("email", email).firstResult();
    }
}
