package dev.imagegen.gateway.progress;

import dev.imagegen.gateway.auth.AccountDeletedMapper;
import dev.imagegen.gateway.auth.RevokedUsers;
import dev.imagegen.gateway.auth.TokenVerifier;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lets a progress WebSocket open only for an account that was not deleted, proven by a single-use
 * {@code ?ticket=} from {@code POST /ws/tickets} (what the web app sends: browsers cannot set headers on a
 * WebSocket, and a JWT in a URL ends up in access logs), or by a valid token as {@code ?access_token=} (kept for
 * existing clients) or an Authorization bearer header; and only while the user holds fewer than
 * {@code imagegen.ratelimit.websocket.max-connections-per-user} on this replica.
 */
@ApplicationScoped
public class TokenUpgradeCheck implements HttpUpgradeCheck {

    /** The caller's user id, read by the endpoint when the connection opens. */
    static final UserData.TypedKey<String> USER_ID = UserData.TypedKey.forString("user-id");
    /** Optional {@code ?resume_from=<event id>}: replay before any live event, so nothing arrives out of order. */
    static final UserData.TypedKey<String> RESUME_FROM = UserData.TypedKey.forString("resume-from");

    private static final Map<String, List<String>> CHALLENGE = Map.of(HttpHeaders.WWW_AUTHENTICATE, List.of("Bearer"));
    private static final Map<String, List<String>> DELETED = Map.of(HttpHeaders.WWW_AUTHENTICATE,
            List.of(AccountDeletedMapper.CHALLENGE));

    private final TokenVerifier verifier;
    private final ProgressTickets tickets;
    private final RevokedUsers revoked;
    private final ProgressHub hub;

    public TokenUpgradeCheck(TokenVerifier verifier, ProgressTickets tickets, RevokedUsers revoked, ProgressHub hub) {
        this.verifier = verifier;
        this.tickets = tickets;
        this.revoked = revoked;
        this.hub = hub;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ProgressSocket.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String ticket = context.httpRequest().getParam("ticket");
        if (ticket != null && !ticket.isBlank()) {
            return tickets.redeem(ticket)
                    .chain(userId -> userId == null ? CheckResult.rejectUpgrade(401, CHALLENGE) : check(context, userId))
                    .onFailure().recoverWithUni(() -> CheckResult.rejectUpgrade(503)); // tickets live in Redis only
        }
        String token = token(context.httpRequest());
        if (token == null) {
            return CheckResult.rejectUpgrade(401, CHALLENGE);
        }
        return verifier.userId(token)
                .chain(userId -> userId == null ? CheckResult.rejectUpgrade(401, CHALLENGE) : check(context, userId));
    }

    private Uni<CheckResult> check(HttpUpgradeContext context, UUID userId) {
        if (hub.wasDeleted(userId)) {
            return CheckResult.rejectUpgrade(401, DELETED);
        }
        return revoked.isRevoked(userId)
                .chain(deleted -> deleted ? CheckResult.rejectUpgrade(401, DELETED) : admit(context, userId));
    }

    private Uni<CheckResult> admit(HttpUpgradeContext context, UUID userId) {
        if (!hub.hasRoomFor(userId)) {
            return CheckResult.rejectUpgrade(429);
        }
        context.userData().put(USER_ID, userId.toString());
        String resumeFrom = context.httpRequest().getParam("resume_from");
        if (resumeFrom != null) {
            context.userData().put(RESUME_FROM, resumeFrom);
        }
        return CheckResult.permitUpgrade();
    }

    private static String token(HttpServerRequest request) {
        String query = request.getParam("access_token");
        if (query != null && !query.isBlank()) {
            return query;
        }
        return TokenVerifier.bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
    }
}
