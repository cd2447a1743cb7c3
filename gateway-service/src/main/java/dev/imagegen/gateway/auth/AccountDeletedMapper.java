package dev.imagegen.gateway.auth;

import dev.imagegen.common.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Tells the client why its token stopped working, so it logs out (or in again) instead of retrying. */
public class AccountDeletedMapper {

    /** RFC 6750: the token is no longer good, whatever it says. */
    public static final String CHALLENGE = "Bearer error=\"invalid_token\"";

    @ServerExceptionMapper
    public Response deleted(AccountDeletedException e) {
        return invalidToken("account_deleted", AccountDeletedException.DETAIL);
    }

    @ServerExceptionMapper
    public Response rolesChanged(RolesChangedException e) {
        return invalidToken("roles_changed", RolesChangedException.DETAIL);
    }

    private static Response invalidToken(String code, String detail) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .entity(new Problem("urn:imagegen:" + code, "Unauthorized", 401, detail, code, null))
                .build();
    }
}
