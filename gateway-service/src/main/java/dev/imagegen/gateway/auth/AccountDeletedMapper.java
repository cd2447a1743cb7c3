package dev.imagegen.gateway.auth;

import dev.imagegen.common.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Tells the client why its token stopped working, so it logs out instead of retrying. */
public class AccountDeletedMapper {

    /** RFC 6750: the token is no longer good, whatever it says. */
    public static final String CHALLENGE = "Bearer error=\"invalid_token\"";

    @ServerExceptionMapper
    public Response deleted(AccountDeletedException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .entity(new Problem("urn:imagegen:account_deleted", "Unauthorized", 401, AccountDeletedException.DETAIL,
                        "account_deleted", null))
                .build();
    }
}
