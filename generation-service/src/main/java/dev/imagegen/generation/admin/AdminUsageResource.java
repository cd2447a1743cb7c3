package dev.imagegen.generation.admin;

import dev.imagegen.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import java.util.UUID;
import java.util.stream.Collectors;

/** Cost monitoring for users with the {@code admin} role. */
@Path("/admin")
@RolesAllowed("admin")
public class AdminUsageResource {

    // Strings, not ints: a malformed number then answers 400 with the field named, not JAX-RS's bare 404.
    private static final String WHOLE_NUMBER = "[0-9]{1,9}";
    private static final String NOT_A_NUMBER = "must be a whole number";

    private final AdminUsageService usage;
    private final Clock clock;

    public AdminUsageResource(AdminUsageService usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    @GET
    @Path("/usage")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<UsagePage> month(@QueryParam("month") String month,
            @QueryParam("page") @DefaultValue("1") @Pattern(regexp = WHOLE_NUMBER, message = NOT_A_NUMBER) @Min(1)
            String page,
            @QueryParam("size") @DefaultValue("50") @Pattern(regexp = WHOLE_NUMBER, message = NOT_A_NUMBER) @Min(1)
            @Max(200) String size,
            // The ledger knows users by id only; their emails live in gateway-service.
            @QueryParam("q") @Pattern(regexp = "\\s*[0-9a-fA-F-]{0,36}\\s*",
                    message = "must be the start of a user id (hex digits and dashes)") String q) {
        String prefix = q == null || q.isBlank() ? null : q.strip();
        return usage.page(parse(month), prefix, Integer.parseInt(page), Integer.parseInt(size));
    }

    @GET
    @Path("/usage/report.csv")
    @Produces("text/csv")
    public Uni<RestResponse<String>> report(@QueryParam("month") String month) {
        YearMonth which = parse(month);
        return usage.month(which).map(rows -> RestResponse.ResponseBuilder.ok(
                // token columns last, so readers of the earlier columns by position keep working
                "user_id,images,spend,failures,content_refusals,quota_refusals,input_tokens,output_tokens\n"
                        + rows.stream()
                        .map(r -> r.userId() + "," + r.images() + "," + r.spend().toPlainString() + ","
                                + r.failures() + "," + r.contentRefusals() + "," + r.quotaRefusals() + ","
                                + r.inputTokens() + "," + r.outputTokens() + "\n")
                        .collect(Collectors.joining()), "text/csv")
                .header("Content-Disposition", "attachment; filename=\"usage-" + which + ".csv\"")
                .build());
    }

    @PUT
    @Path("/users/{user_id}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> setLimits(@PathParam("user_id") UUID userId,
            @NotNull LimitsRequest limits) {
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
