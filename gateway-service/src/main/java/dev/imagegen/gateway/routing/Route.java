package dev.imagegen.gateway.routing;

import io.vertx.core.http.HttpMethod;

import java.util.regex.Pattern;

/**
 * One public route: a method and a path template such as {@code /images/{id}/content} (a {@code {name}} stands
 * for one path segment), the service that answers it, and who may call it through the gateway.
 */
record Route(HttpMethod method, String template, OwningService owner, Access access, Pool pool, Pattern pattern) {

    enum Access {
        /** Anyone; a token, when sent, is passed on for the owning service to judge. */
        PUBLIC,
        /** Callers with a valid token of an account that still exists (zero trust: checked here and again upstream). */
        USER
    }

    /** The connections a route's calls take: long downloads have their own, so they cannot starve the rest. */
    enum Pool {
        STANDARD,
        /** Answers that stream for minutes (a whole account's zip), held open as long as the client reads slowly. */
        BULK
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]+}");

    static Route user(HttpMethod method, String template, OwningService owner) {
        return new Route(method, template, owner, Access.USER, Pool.STANDARD, compile(template));
    }

    static Route open(HttpMethod method, String template, OwningService owner) {
        return new Route(method, template, owner, Access.PUBLIC, Pool.STANDARD, compile(template));
    }

    /** The same route on the bulk pool. */
    Route bulk() {
        return new Route(method, template, owner, access, Pool.BULK, pattern);
    }

    boolean matches(String path) {
        return pattern.matcher(path).matches();
    }

    /** As in JAX-RS, the template with more literal characters wins: {@code /images/gallery} before {@code /images/{id}}. */
    int literalCharacters() {
        return PARAMETER.matcher(template).replaceAll("").length();
    }

    private static Pattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        var parameters = PARAMETER.matcher(template);
        while (parameters.find()) {
            regex.append(Pattern.quote(template.substring(start, parameters.start()))).append("[^/]+");
            start = parameters.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(start))).toString());
    }
}
