package dev.imagegen.gallery.report;

import dev.imagegen.gallery.image.ImageResource;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** Moderation for users with the {@code admin} role: the reports, the reported image, and the decision. */
@Path("/admin/reports")
@RolesAllowed("admin")
public class AdminReportResource {

    private final ReportService reports;
    private final JsonWebToken jwt;

    public AdminReportResource(ReportService reports, JsonWebToken jwt) {
        this.reports = reports;
        this.jwt = jwt;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<AdminReportPage> list(
            @QueryParam("status") @DefaultValue(ImageReport.OPEN)
            @Pattern(regexp = "open|resolved", message = "must be open or resolved") String status,
            @QueryParam("page") @DefaultValue("1")
            @Pattern(regexp = ImageResource.WHOLE_NUMBER, message = ImageResource.NOT_A_NUMBER) @Min(1) String page,
            @QueryParam("size") @DefaultValue("20")
            @Pattern(regexp = ImageResource.WHOLE_NUMBER, message = ImageResource.NOT_A_NUMBER) @Min(1) @Max(100)
            String size) {
        return reports.list(status, Integer.parseInt(page), Integer.parseInt(size));
    }

    /** The reported image's thumbnail, which only its owner could fetch otherwise. */
    @GET
    @Path("/{id}/image")
    public Uni<Response> image(@PathParam("id") UUID id) {
        return reports.image(id).map(file -> Response.ok(file.bytes(), file.contentType())
                // Reported content may be removed in a minute: no copy should outlive that.
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build());
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<AdminReport> resolve(@PathParam("id") UUID id, @Valid @NotNull ResolveRequest body) {
        return reports.resolve(id, UUID.fromString(jwt.getSubject()), body.action());
    }
}
