package dev.imagegen.gateway.auth;

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
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.UUID;

@Path("/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AuthService auth;
    private final JsonWebToken jwt;

    public AuthResource(AuthService auth, JsonWebToken jwt) {
        this.auth = auth;
        this.jwt = jwt;
    }

    @POST
    @Path("/register")
    @ResponseStatus(201)
    public Uni<RegisteredUser> register(@Valid @NotNull RegisterRequest body) {
        return auth.register(body);
    }

    @POST
    @Path("/login")
    public Uni<AccessToken> login(@Valid @NotNull LoginRequest body) {
        return auth.login(body);
    }

    @GET
    @Path("/me")
    @Authenticated
    public CurrentUser me() {
        return new CurrentUser(UUID.fromString(jwt.getSubject()), jwt.getName(), jwt.getGroups());
    }
}
