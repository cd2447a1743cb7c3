package dev.imagegen.gallery.report;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

/** The owner reports one of their own images; anyone else reports through the share link. */
@Path("/images")
@Authenticated
public class ReportResource {

    private final ReportService reports;
    private final JsonWebToken jwt;

    public ReportResource(ReportService reports, JsonWebToken jwt) {
        this.reports = reports;
        this.jwt = jwt;
    }

    @POST
    @Path("/{id}/report")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ReportReceipt>> report(@PathParam("id") UUID id, @Valid @NotNull ReportRequest body) {
        return reports.reportOwn(UUID.fromString(jwt.getSubject()), id, body).map(ReportService.Filed::response);
    }
}
