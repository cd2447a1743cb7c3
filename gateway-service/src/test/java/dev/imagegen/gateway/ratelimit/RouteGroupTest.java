package dev.imagegen.gateway.ratelimit;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RouteGroupTest {

    @ParameterizedTest
    @CsvSource({
            "POST, /auth/register, AUTH",
            "POST, /auth/login, AUTH",
            "POST, /auth/login/, AUTH",
            "POST, //auth//register, AUTH",
            "POST, /admin/setup, AUTH",
            "POST, /admin/setup/, AUTH",
            "GET, /admin/setup, API",
            "POST, /images/generate/, GENERATE",
            "POST, /chat/threads/7c0e1a0b/messages/, GENERATE",
            "GET, /auth/me, API",
            "POST, /images/generate, GENERATE",
            "POST, /chat/threads/7c0e1a0b/messages, GENERATE",
            "GET, /chat/threads/7c0e1a0b/messages, API",
            "POST, /chat/threads, API",
            "GET, /s/Zm9vYmFy, SHARE",
            "HEAD, /s/Zm9vYmFy, SHARE",
            "GET, /images/estimate, API",
            "DELETE, /me, API",
            "POST, /ws/tickets, API",
            "GET, /no/such/route, API" })
    void sortsEachCallIntoItsGroup(String method, String path, RouteGroup group) {
        assertThat(RouteGroup.of(HttpMethod.valueOf(method), path)).isEqualTo(group);
    }

    @ParameterizedTest
    @CsvSource({ "GET, /", "GET, /app", "GET, /app/gallery", "GET, /assets/app.js", "GET, /q/health/ready",
            "GET, /q/metrics", "GET, /ws/progress" })
    void leavesTheWebUiOperationsAndTheWebSocketUnlimited(String method, String path) {
        assertThat(RouteGroup.of(HttpMethod.valueOf(method), path)).isNull();
    }
}
