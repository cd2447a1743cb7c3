package dev.imagegen.generation.admin;

import dev.imagegen.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Cost monitoring for users with the {@code admin} role. */
@Path("/admin")
@RolesAllowed("admin")
public class AdminUsageResource {

    private final AdminUsageService usage;
    private final Clock clock;

    public AdminUsageResource(AdminUsageService usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    @GET
    @Path("/usage")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<UserUsage>> month(@QueryParam("month") String month) {
        return usage.month(parse(month));
    }

    @GET
    @Path("/usage/report.csv")
    @Produces("text/csv")
    public Uni<RestResponse<String>> report(@QueryParam("month") String month) {
        YearMonth which = parse(month);
        return usage.month(which).map(rows -> RestResponse.ResponseBuilder.ok(
                "user_id,images,spend,failures,content_refusals,quota_refusals\n" + rows.stream()
                        .map(r -> r.userId() + "," + r.images() + "," + r.spend().toPlainString() + ","
                                + r.failures() + "," + r.contentRefusals() + "," + r.quotaRefusals() + "\n")
                        .collect(Collectors.joining()), "text/csv")
                .header("Content-Disposition", "attachment; filename=\"usage-" + which + ".csv\"")
                .build());
    }

    @PUT
    @Path("/users/{user_id}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> setLimits(@PathParam("user_id") UUID userId,
            @Valid @NotNull LimitsRequest limits) {
        return usage.setLimits(userId, limits).replaceWith(RestResponse.noContent());
    }

    private YearMonth parse(String month) {
        if (month == null) {
            return YearMonth.now(clock.withZone(ZoneOffset.UTC));
        }
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("month", "must be YYYY-MM");
        }
    }
}
