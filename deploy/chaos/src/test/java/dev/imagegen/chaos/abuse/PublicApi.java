package dev.imagegen.chaos.abuse;

import java.util.List;

/**
 * The gateway's routes as an outside caller sees them: every route of the gateway's {@code PublicRoutes} (kept in
 * step by hand: that list is package-private to the gateway) and the gateway's own endpoints, each with the JSON
 * body it reads. {@code DELETE /me} is left out: a request that reached it would end the test user.
 */
final class PublicApi {

    /** What a route reads; {@code NONE} for routes without a body. */
    enum Body {
        NONE(""),
        GENERATE("{\"prompt\":\"a lighthouse in a storm\",\"size\":\"1024x1024\"}",
                "prompt", "size", "quality", "style", "model", "thread_id", "n", "background", "output_format",
                "output_compression", "moderation"),
        LIMITS("{\"daily_images\":5,\"monthly_cost\":1.5}", "daily_images", "monthly_cost"),
        TAGS("{\"tags\":[\"sea\",\"night\"]}", "tags"),
        REPORT("{\"reason\":\"other\",\"note\":\"looks odd\"}", "reason", "note"),
        COLLECTION("{\"name\":\"storms\",\"description\":\"wet ones\"}", "name", "description"),
        RESOLVE("{\"action\":\"dismiss\"}", "action"),
        THREAD("{\"title\":\"a thread\"}", "title"),
        MESSAGE("{\"content\":\"hello there\"}", "content"),
        CREDENTIALS("{\"email\":\"someone@example.test\",\"password\":\"correct horse battery staple\"}",
                "email", "password");

        final String valid;
        final List<String> fields;

        Body(String valid, String... fields) {
            this.valid = valid;
            this.fields = List.of(fields);
        }
    }

    /**
     * @param authenticated whether the route wants a user's token (the generator sends one, so that its input
     *                      reaches the route rather than stopping at the token check)
     * @param destructive   a DELETE whose path ids are never the test user's real ones
     */
    record Endpoint(String method, String template, boolean authenticated, Body body, boolean destructive) {
    }

    static final List<Endpoint> ALL = List.of(
            user("POST", "/images/generate", Body.GENERATE),
            user("GET", "/images/estimate", Body.NONE),
            user("GET", "/models", Body.NONE),
            user("GET", "/images/tasks/{task_id}/status", Body.NONE),
            destructive("/images/tasks/{task_id}"),
            user("GET", "/usage/me", Body.NONE),
            user("GET", "/admin/usage", Body.NONE),
            user("GET", "/admin/usage/report.csv", Body.NONE),
            user("PUT", "/admin/users/{user_id}/limits", Body.LIMITS),
            user("GET", "/images/gallery", Body.NONE),
            user("GET", "/images/models", Body.NONE),
            user("GET", "/images/{id}", Body.NONE),
            destructive("/images/{id}"),
            user("GET", "/images/{id}/content", Body.NONE),
            user("GET", "/images/{id}/thumbnail", Body.NONE),
            user("PUT", "/images/{id}/favorite", Body.NONE),
            user("DELETE", "/images/{id}/favorite", Body.NONE),
            user("PUT", "/images/{id}/tags", Body.TAGS),
            user("POST", "/images/{id}/share", Body.NONE),
            destructive("/images/{id}/share"),
            user("POST", "/images/{id}/report", Body.REPORT),
            open("GET", "/s/{token}", Body.NONE),
            open("POST", "/s/{token}/report", Body.REPORT),
            user("POST", "/collections", Body.COLLECTION),
            user("GET", "/collections", Body.NONE),
            user("GET", "/collections/{id}", Body.NONE),
            user("PATCH", "/collections/{id}", Body.COLLECTION),
            destructive("/collections/{id}"),
            user("GET", "/collections/{id}/images", Body.NONE),
            user("PUT", "/collections/{id}/images/{image_id}", Body.NONE),
            user("DELETE", "/collections/{id}/images/{image_id}", Body.NONE),
            user("GET", "/admin/reports", Body.NONE),
            user("GET", "/admin/reports/{id}/image", Body.NONE),
            user("POST", "/admin/reports/{id}/resolve", Body.RESOLVE),
            user("GET", "/me/export", Body.NONE),
            user("POST", "/chat/threads", Body.THREAD),
            user("GET", "/chat/threads", Body.NONE),
            user("GET", "/chat/threads/{id}", Body.NONE),
            user("PATCH", "/chat/threads/{id}", Body.THREAD),
            destructive("/chat/threads/{id}"),
            user("GET", "/chat/threads/{id}/messages", Body.NONE),
            user("POST", "/chat/threads/{id}/messages", Body.MESSAGE),
            // The gateway's own
            open("POST", "/auth/register", Body.CREDENTIALS),
            open("POST", "/auth/login", Body.CREDENTIALS),
            user("GET", "/auth/me", Body.NONE),
            user("GET", "/admin/users", Body.NONE),
            open("GET", "/", Body.NONE),
            open("GET", "/app/gallery", Body.NONE),
            open("GET", "/q/health/ready", Body.NONE));

    /** The routes that read a JSON body. */
    static final List<Endpoint> WITH_BODY = ALL.stream().filter(e -> e.body() != Body.NONE).toList();

    private PublicApi() {
    }

    private static Endpoint user(String method, String template, Body body) {
        return new Endpoint(method, template, true, body, false);
    }

    private static Endpoint open(String method, String template, Body body) {
        return new Endpoint(method, template, false, body, false);
    }

    private static Endpoint destructive(String template) {
        return new Endpoint("DELETE", template, true, Body.NONE, true);
    }
}
