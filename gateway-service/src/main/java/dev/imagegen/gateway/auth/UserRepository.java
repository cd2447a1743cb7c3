package dev.imagegen.gateway.auth;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserAccount, UUID> {

    /** {@code email} must already be normalised (see {@link AuthService#normalise}). */
    public Uni<UserAccount> findByEmail(String email) {
        return find("email", email).firstResult();
    }

    public Uni<Boolean> adminExists() {
        return count(UserAccount.IS_ADMIN, UserAccount.ADMIN_PATTERN).map(admins -> admins > 0);
    }

    /**
     * Every admin, locked until the transaction ends: two admins revoking each other at once are counted one
     * after the other, so the last admin always stays.
     */
    public Uni<List<UserAccount>> lockAdmins() {
        return find(UserAccount.IS_ADMIN, UserAccount.ADMIN_PATTERN).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
