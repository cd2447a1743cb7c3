package dev.imagegen.gateway.routing;

import io.vertx.core.http.HttpMethod;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.imagegen.gateway.routing.OwningService.CHAT;
import static dev.imagegen.gateway.routing.OwningService.GALLERY;
import static dev.imagegen.gateway.routing.OwningService.GENERATION;
import static dev.imagegen.gateway.routing.Route.open;
import static dev.imagegen.gateway.routing.Route.user;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.HEAD;
import static io.vertx.core.http.HttpMethod.OPTIONS;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * Every route the gateway forwards, and nothing else: a path that is not listed here (a service's internal
 * endpoints included) never reaches an owning service. Adding a public route is one line. Admin checks stay in
 * the owning services.
 */
final class PublicRoutes {

    /** Most literal characters first, so the first match is the one JAX-RS would have picked. */
    static final List<Route> ALL = List.of(
            user(POST, "/images/generate", GENERATION),
            user(GET, "/images/estimate", GENERATION),
            user(GET, "/models", GENERATION),
            user(GET, "/images/tasks/{task_id}/status", GENERATION),
            user(DELETE, "/images/tasks/{task_id}", GENERATION),
            user(GET, "/usage/me", GENERATION),
            user(GET, "/admin/usage", GENERATION),
            user(GET, "/admin/usage/report.csv", GENERATION),
            user(PUT, "/admin/users/{user_id}/limits", GENERATION),

            user(GET, "/images/gallery", GALLERY),
            user(GET, "/images/models", GALLERY),
            user(GET, "/images/{id}", GALLERY),
            user(DELETE, "/images/{id}", GALLERY),
            user(GET, "/images/{id}/content", GALLERY),
            user(GET, "/images/{id}/thumbnail", GALLERY),
            user(PUT, "/images/{id}/favorite", GALLERY),
            user(DELETE, "/images/{id}/favorite", GALLERY),
            user(PUT, "/images/{id}/tags", GALLERY),
            user(POST, "/images/{id}/share", GALLERY),
            user(DELETE, "/images/{id}/share", GALLERY),
            user(POST, "/images/{id}/report", GALLERY),
            open(GET, "/s/{token}", GALLERY),
            open(POST, "/s/{token}/report", GALLERY),
            user(POST, "/collections", GALLERY),
            user(GET, "/collections", GALLERY),
            user(GET, "/collections/{id}", GALLERY),
            user(PATCH, "/collections/{id}", GALLERY),
            user(DELETE, "/collections/{id}", GALLERY),
            user(GET, "/collections/{id}/images", GALLERY),
            user(PUT, "/collections/{id}/images/{image_id}", GALLERY),
            user(DELETE, "/collections/{id}/images/{image_id}", GALLERY),
            user(GET, "/admin/reports", GALLERY),
            user(GET, "/admin/reports/{id}/image", GALLERY),
            user(POST, "/admin/reports/{id}/resolve", GALLERY),
            user(GET, "/me/export", GALLERY).bulk(),

            user(POST, "/chat/threads", CHAT),
            user(GET, "/chat/threads", CHAT),
            user(GET, "/chat/threads/{id}", CHAT),
            user(PATCH, "/chat/threads/{id}", CHAT),
            user(DELETE, "/chat/threads/{id}", CHAT),
            user(GET, "/chat/threads/{id}/messages", CHAT),
            user(POST, "/chat/threads/{id}/messages", CHAT))
            .stream().sorted(Comparator.comparingInt(Route::literalCharacters).reversed()).toList();

    private PublicRoutes() {
    }

    /** The route for a call, or {@code null}; HEAD goes where GET does, as in JAX-RS. */
    static Route find(HttpMethod method, String path) {
        HttpMethod routed = HEAD.equals(method) ? GET : method;
        String trimmed = withoutTrailingSlash(path);
        return ALL.stream().filter(r -> r.method().equals(routed) && r.matches(trimmed)).findFirst().orElse(null);
    }

    /**
     * The methods a path answers to, HEAD and OPTIONS included, or none for a path that is not a route: a call with
     * another method is answered 405, not 404.
     */
    static Set<HttpMethod> methodsOf(String path) {
        String trimmed = withoutTrailingSlash(path);
        Set<HttpMethod> methods = new LinkedHashSet<>();
        ALL.stream().filter(r -> r.matches(trimmed)).forEach(r -> methods.add(r.method()));
        if (methods.contains(GET)) {
            methods.add(HEAD);
        }
        if (!methods.isEmpty()) {
            methods.add(OPTIONS);
        }
        return methods;
    }

    /** {@code /chat/threads/} is {@code /chat/threads}, as it was for the REST resources. */
    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
