package dev.imagegen.gateway.account;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * The caller's account as a whole ({@code GET /me/export} is forwarded to gallery-service, see routing). At the root:
 * with a resource there, the REST layer answers every unknown path with its problem+json 404.
 */
@Path("/")
@Authenticated
public class AccountResource {

    private final AccountErasure erasure;
    private final JsonWebToken jwt;

    public AccountResource(AccountErasure erasure, JsonWebToken jwt) {
        this.erasure = erasure;
        this.jwt = jwt;
    }

    /** Erases the caller: every service removes their data on the {@code user_deleted} event. */
    @DELETE
    @Path("/me")
    public Uni<Void> delete() {
        return erasure.erase(UUID.fromString(jwt.getSubject()));
    }
}
