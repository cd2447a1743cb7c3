package dev.imagegen.generation.quota;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

@Path("/usage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final QuotaLedger ledger;
    private final JsonWebToken jwt;

    public UsageResource(QuotaLedger ledger, JsonWebToken jwt) {
        this.ledger = ledger;
        this.jwt = jwt;
    }

    @GET
    @Path("/me")
    public Uni<UsageReport> me() {
        return Panache.withSession(() -> ledger.report(UUID.fromString(jwt.getSubject())));
    }
}
