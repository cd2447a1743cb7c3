package dev.imagegen.gateway.ratelimit;

import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The families of routes that share one bucket size, and what a caller is counted by in each. */
enum RouteGroup {

    AUTH("sign-in attempts", false),
    GENERATE("image requests", true),
    SHARE("shared-link requests", false),
    API("API requests", true);

    /**
     * The web UI's files, operations endpoints and the WebSocket upgrade (capped separately) are never limited;
     * its tickets ({@code POST /ws/tickets}) count as API calls.
     */
    private static final List<String> UNLIMITED_PREFIXES = List.of("/q/", "/app/", "/assets/");
    private static final String PROGRESS_SOCKET = "/ws/progress";
    private static final Pattern CHAT_MESSAGES = Pattern.compile("/chat/threads/[^/]+/messages");
    private static final Pattern SHARE_LINK = Pattern.compile("/s/[^/]+");

    private final String requests;
    private final boolean perUser;

    RouteGroup(String requests, boolean perUser) {
        this.requests = requests;
        this.perUser = perUser;
    }

    /** The group of a call, or {@code null} for a path that is not limited. */
    static RouteGroup of(HttpMethod method, String requested) {
        // REST matches /auth/login/ and //auth//login as /auth/login: so must the bucket, or a slash buys 30x the tries
        String collapsed = requested.replaceAll("/{2,}", "/");
        String path = collapsed.length() > 1 && collapsed.endsWith("/")
                ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
        if (path.equals("/") || path.equals("/app") || path.equals(PROGRESS_SOCKET)
                || UNLIMITED_PREFIXES.stream().anyMatch(path::startsWith)) {
            return null;
        }
        // Trying admin setup tokens is guessing a secret, as trying passwords is.
        if (method == HttpMethod.POST
                && (path.equals("/auth/register") || path.equals("/auth/login") || path.equals("/admin/setup"))) {
            return AUTH;
        }
        if (method == HttpMethod.POST
                && (path.equals("/images/generate") || CHAT_MESSAGES.matcher(path).matches())) {
            return GENERATE; // a chat message may start a job with /image
        }
        if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && SHARE_LINK.matcher(path).matches()) {
            return SHARE;
        }
        return API;
    }

    /** The name in configuration keys, Redis keys and metric tags. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a verified user is counted by their id; otherwise every caller is counted by IP. */
    boolean perUser() {
        return perUser;
    }

    String refusal(long retryAfterSeconds) {
        return "Too many " + requests + "; try again in " + retryAfterSeconds
                + (retryAfterSeconds == 1 ? " second" : " seconds");
    }

    RateLimitConfig.Bucket bucket(RateLimitConfig.Groups groups) {
        return switch (this) {
            case AUTH -> groups.auth();
            case GENERATE -> groups.generate();
            case SHARE -> groups.share();
            case API -> groups.api();
        };
    }
}
