package dev.imagegen.gateway.auth;

import dev.imagegen.common.auth.Revocations;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses the token of a deleted account, or one whose roles predate a change of its user's roles, wherever the
 * gateway authenticates a REST call: Quarkus builds the caller's identity once per request, after verifying the
 * JWT, and runs this on it.
 */
@ApplicationScoped
class RevokedTokenCheck implements SecurityIdentityAugmentor {

    private final Revocations revocations;

    RevokedTokenCheck(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        if (jwt.getSubject() == null) {
            return Uni.createFrom().item(identity); // not a user the gateway issued a token to: nothing to revoke
        }
        return revocations.verdict(jwt.getSubject(), RevokedUsers.rolesAt(jwt)).map(verdict -> switch (verdict) {
            case ACCOUNT_DELETED -> throw new AccountDeletedException();
            case ROLES_CHANGED -> throw new RolesChangedException();
            case VALID -> identity;
        });
    }
}
