package dev.imagegen.gallery.report;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
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

/** Reporting the image behind a share link: no login needed, the link is the permission. */
@Path("/s")
@PermitAll
public class SharedReportResource {

    private final ReportService reports;
    private final CurrentIdentityAssociation identity;

    public SharedReportResource(ReportService reports, CurrentIdentityAssociation identity) {
        this.reports = reports;
        this.identity = identity;
    }

    @POST
    @Path("/{token}/report")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ReportReceipt>> report(@PathParam("token") String token,
            @Valid @NotNull ReportRequest body) {
        return identity.getDeferredIdentity()
                // A bad or expired token does not stop a report: the visitor is then simply anonymous.
                .onFailure().recoverWithNull()
                .chain(caller -> reports.reportShared(token, reporter(caller), body))
                .map(ReportService.Filed::response);
    }

    /** The logged-in caller's user id, or null for an anonymous visitor. */
    private static UUID reporter(SecurityIdentity caller) {
        return caller != null && !caller.isAnonymous() && caller.getPrincipal() instanceof JsonWebToken jwt
                ? UUID.fromString(jwt.getSubject()) : null;
    }
}
