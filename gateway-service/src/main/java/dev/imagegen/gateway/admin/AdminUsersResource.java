package dev.imagegen.gateway.admin;

import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.gateway.auth.UserAccount;
import dev.imagegen.gateway.auth.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Accounts for admins, by email or by id: the other services know users by id only, so the admin pages come
 * here to put emails beside their usage rows and to find a user by email. Admins also give and take the admin
 * role here.
 */
@Path("/admin/users")
@RolesAllowed("admin")
public class AdminUsersResource {

    static final int MAX_IDS = 200;
    static final int MAX_MATCHES = 20;
    private static final int MIN_EMAIL_SEARCH = 2;

    private final UserRepository users;
    private final AdminRoles roles;
    private final JsonWebToken jwt;

    public AdminUsersResource(UserRepository users, AdminRoles roles, JsonWebToken jwt) {
        this.users = users;
        this.roles = roles;
        this.jwt = jwt;
    }

    /** {@code ?email=} finds accounts whose email contains the text; {@code ?id=&id=} reads accounts by id. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<AdminUserList> find(@RestQuery String email, @RestQuery("id") List<String> ids) {
        boolean byEmail = email != null;
        boolean byId = ids != null && !ids.isEmpty();
        if (byEmail == byId) {
            throw badRequest("Give either email (part of an address) or one or more id parameters");
        }
        Uni<List<UserAccount>> found = byEmail ? byEmail(email) : byId(ids);
        return found.map(accounts -> new AdminUserList(accounts.stream().map(AdminUser::of).toList()));
    }

    /** Makes the user an admin (their earlier tokens stop working, so they log in again to use the role). */
    @PUT
    @Path("/{id}/admin")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<AdminUser> grantAdmin(@RestPath String id) {
        return roles.grant(caller(), uuid(id)).map(AdminUser::of);
    }

    /** Takes the admin role, at once on the user's earlier tokens; 409 for the last admin. */
    @DELETE
    @Path("/{id}/admin")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<AdminUser> revokeAdmin(@RestPath String id) {
        return roles.revoke(caller(), uuid(id)).map(AdminUser::of);
    }

    private UUID caller() {
        return UUID.fromString(jwt.getSubject());
    }

    private Uni<List<UserAccount>> byEmail(String email) {
        String text = email.trim().toLowerCase(Locale.ROOT);
        if (text.length() < MIN_EMAIL_SEARCH) {
            throw badRequest("email must hold at least " + MIN_EMAIL_SEARCH + " characters");
        }
        // Emails are stored lowercased; LIKE's own wildcards in the text are matched literally.
        String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return users.find("email like ?1 escape '\\' order by email", pattern).page(0, MAX_MATCHES).list();
    }

    private Uni<List<UserAccount>> byId(List<String> ids) {
        if (ids.size() > MAX_IDS) {
            throw badRequest("At most " + MAX_IDS + " id parameters at once");
        }
        List<UUID> parsed = ids.stream().map(AdminUsersResource::uuid).distinct().toList();
        return users.list("id in ?1 order by email", parsed);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id.trim());
        } catch (IllegalArgumentException e) {
            throw badRequest("id must be a user id (a UUID): " + id);
        }
    }

    private static ProblemException badRequest(String detail) {
        return new ProblemException(400, "validation", detail);
    }
}
