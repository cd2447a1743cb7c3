package dev.imagegen.gateway.progress;

import dev.imagegen.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** Hands the caller a single-use ticket for the progress WebSocket, so the browser never puts its JWT in a URL. */
@Path("/ws/tickets")
@Authenticated
public class ProgressTicketResource {

    private final ProgressTickets tickets;
    private final JsonWebToken jwt;

    public ProgressTicketResource(ProgressTickets tickets, JsonWebToken jwt) {
        this.tickets = tickets;
        this.jwt = jwt;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ProgressTicket> issue() {
        return tickets.issue(UUID.fromString(jwt.getSubject()))
                .map(ticket -> new ProgressTicket(ticket, tickets.lifetimeSeconds()))
                .onFailure().transform(failure -> {
                    Log.warnf("A WebSocket ticket could not be stored, Redis did not answer: %s", failure.toString());
                    return new ProblemException(503, "unavailable", "Live progress is unavailable; try again shortly");
                });
    }
}
