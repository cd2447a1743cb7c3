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
 * Lets a progress WebSocket open only with a valid token of an account that was not deleted, given as
 * {@code ?access_token=} (browsers cannot set headers on a WebSocket) or as an Authorization bearer header, and
 * only while the user holds fewer than {@code imagegen.ratelimit.websocket.max-connections-per-user} on this replica.
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
    private final RevokedUsers revoked;
    private final ProgressHub hub;

    public TokenUpgradeCheck(TokenVerifier verifier, RevokedUsers revoked, ProgressHub hub) {
        this.verifier = verifier;
        this.revoked = revoked;
        this.hub = hub;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ProgressSocket.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String token = token(context.httpRequest());
        if (token == null) {
            return CheckResult.rejectUpgrade(401, CHALLENGE);
        }
        return verifier.userId(token).chain(userId -> {
            if (userId == null) {
                return CheckResult.rejectUpgrade(401, CHALLENGE);
            }
            return revoked.isRevoked(userId).chain(deleted -> deleted
                    ? CheckResult.rejectUpgrade(401, DELETED)
                    : admit(context, userId));
        });
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
