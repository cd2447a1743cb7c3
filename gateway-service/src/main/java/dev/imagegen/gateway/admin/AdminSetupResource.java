package dev.imagegen.gateway.admin;

import dev.imagegen.gateway.auth.AccessToken;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * The first admin: a logged-in user who knows the one-time setup token (set by the operator, or generated into a
 * file beside the gateway's keys) claims the role. Rate limited with the sign-in attempts.
 */
@Path("/admin/setup")
@Authenticated
public class AdminSetupResource {

    private final AdminRoles roles;
    private final JsonWebToken jwt;

    public AdminSetupResource(AdminRoles roles, JsonWebToken jwt) {
        this.roles = roles;
        this.jwt = jwt;
    }

    /** Lets the web app offer the setup form only while it can work. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<SetupStatus> status() {
        return roles.setupStatus();
    }

    /**
     * 200 with a new access token holding the admin role (the caller's earlier tokens stop working); 403 for a wrong
     * token; 409 once used or when an admin exists.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<AccessToken> claim(@Valid @NotNull SetupRequest body) {
        return roles.claimSetup(UUID.fromString(jwt.getSubject()), body.setupToken());
    }
}
