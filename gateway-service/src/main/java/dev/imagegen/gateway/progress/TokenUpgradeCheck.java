package dev.imagegen.gateway.progress;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lets a progress WebSocket open only with a valid token, given as {@code ?access_token=} (browsers
 * cannot set headers on a WebSocket) or as an Authorization bearer header.
 */
@ApplicationScoped
public class TokenUpgradeCheck implements HttpUpgradeCheck {

    /** The caller's user id, read by the endpoint when the connection opens. */
    static final UserData.TypedKey<String> USER_ID = UserData.TypedKey.forString("user-id");
    /** Optional {@code ?resume_from=<event id>}: replay before any live event, so nothing arrives out of order. */
    static final UserData.TypedKey<String> RESUME_FROM = UserData.TypedKey.forString("resume-from");

    private static final String BEARER = "Bearer ";
    private static final Map<String, List<String>> CHALLENGE = Map.of(HttpHeaders.WWW_AUTHENTICATE, List.of("Bearer"));

    private final JWTParser parser;
    private final Vertx vertx;

    public TokenUpgradeCheck(JWTParser parser, Vertx vertx) {
        this.parser = parser;
        this.vertx = vertx;
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
        // Verifying the signature is CPU work (and may read the key file on first use).
        return vertx.executeBlocking(() -> userId(token), false).chain(userId -> {
            if (userId == null) {
                return CheckResult.rejectUpgrade(401, CHALLENGE);
            }
            context.userData().put(USER_ID, userId.toString());
            String resumeFrom = context.httpRequest().getParam("resume_from");
            if (resumeFrom != null) {
                context.userData().put(RESUME_FROM, resumeFrom);
            }
            return CheckResult.permitUpgrade();
        });
    }

    private UUID userId(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            return UUID.fromString(jwt.getSubject());
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            Log.debugf("Progress WebSocket refused: %s", e.getMessage());
            return null;
        }
    }

    private static String token(HttpServerRequest request) {
        String query = request.getParam("access_token");
        if (query != null && !query.isBlank()) {
            return query;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).trim();
        }
        return null;
    }
}
