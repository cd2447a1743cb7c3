package dev.imagegen.gateway.progress;

import dev.imagegen.common.auth.Revocations;
import dev.imagegen.gateway.auth.AccountDeletedMapper;
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
    private final Revocations revocations;
    private final ProgressHub hub;

    public TokenUpgradeCheck(TokenVerifier verifier, ProgressTickets tickets, Revocations revocations,
            ProgressHub hub) {
        this.verifier = verifier;
        this.tickets = tickets;
        this.revocations = revocations;
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
            // A ticket carries no roles, and was handed out moments ago for a token that was then valid.
            return tickets.redeem(ticket)
                    .chain(userId -> userId == null ? CheckResult.rejectUpgrade(401, CHALLENGE)
                            : revocations.verdict(userId.toString(), Long.MAX_VALUE)
                                    .chain(verdict -> check(context, userId, verdict)))
                    .onFailure().recoverWithUni(() -> CheckResult.rejectUpgrade(503)); // tickets live in Redis only
        }
        String token = token(context.httpRequest());
        if (token == null) {
            return CheckResult.rejectUpgrade(401, CHALLENGE);
        }
        return verifier.caller(token).chain(caller -> caller == null ? CheckResult.rejectUpgrade(401, CHALLENGE)
                : check(context, caller.userId(), caller.verdict()));
    }

    private Uni<CheckResult> check(HttpUpgradeContext context, UUID userId, Revocations.Verdict verdict) {
        if (hub.wasDeleted(userId) || verdict == Revocations.Verdict.ACCOUNT_DELETED) {
            return CheckResult.rejectUpgrade(401, DELETED);
        }
        return verdict == Revocations.Verdict.ROLES_CHANGED ? CheckResult.rejectUpgrade(401, CHALLENGE)
                : admit(context, userId);
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
