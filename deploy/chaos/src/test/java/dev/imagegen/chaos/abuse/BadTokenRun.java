package dev.imagegen.chaos.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.chaos.harness.ChaosSuite;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Sends bad tokens to every service directly and through the gateway, on a sample of user and admin routes, and
 * to the progress WebSocket: each must be refused 401, with problem+json over HTTP. Counts attempts, acceptances
 * and refusals with another status.
 */
public final class BadTokenRun {

    /** A service instance: its name (one of {@link #ROUTES}' keys) and base URL. */
    public record Target(String service, String baseUrl) {
    }

    /** One call: method, path, JSON body or null. */
    public record Probe(String method, String path, String body) {
    }

    /** A refusal that was not the right one, or an acceptance. */
    public record Failure(String token, String target, String call, String seen) {

        @Override
        public String toString() {
            return "token '" + token + "' on " + target + ": " + call + "\n    seen: " + seen;
        }
    }

    private static final String ID = UUID.randomUUID().toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * User and admin routes of each service (through the gateway, the gateway's own and forwarded ones). The worker
     * has no API routes: it is probed so that nothing there answers a bad token with success.
     */
    public static final Map<String, List<Probe>> ROUTES = Map.of(
            "gateway-service", List.of(new Probe("GET", "/auth/me", null), new Probe("GET", "/admin/users", null),
                    new Probe("GET", "/usage/me", null),
                    new Probe("POST", "/images/generate", "{\"prompt\":\"a forged cat\"}"),
                    new Probe("GET", "/images/gallery", null), new Probe("GET", "/chat/threads", null),
                    new Probe("GET", "/admin/usage", null), new Probe("GET", "/admin/reports", null),
                    new Probe("PUT", "/admin/users/" + ID + "/limits", "{\"daily_images\":1000}"),
                    new Probe("GET", "/me/export", null), new Probe("DELETE", "/me", null)),
            "generation-service", List.of(new Probe("GET", "/usage/me", null), new Probe("GET", "/models", null),
                    new Probe("POST", "/images/generate", "{\"prompt\":\"a forged cat\"}"),
                    new Probe("GET", "/images/tasks/" + ID + "/status", null), new Probe("GET", "/admin/usage", null),
                    new Probe("PUT", "/admin/users/" + ID + "/limits", "{\"daily_images\":1000}")),
            "gallery-service", List.of(new Probe("GET", "/images/gallery", null),
                    new Probe("GET", "/collections", null), new Probe("POST", "/collections", "{\"name\":\"forged\"}"),
                    new Probe("GET", "/me/export", null), new Probe("GET", "/admin/reports", null),
                    new Probe("POST", "/admin/reports/" + ID + "/resolve", "{\"action\":\"dismiss\"}")),
            "chat-service", List.of(new Probe("GET", "/chat/threads", null),
                    new Probe("POST", "/chat/threads", "{\"title\":\"forged\"}"),
                    new Probe("GET", "/chat/threads/" + ID + "/messages", null)),
            "worker-service", List.of(new Probe("GET", "/images/gallery", null),
                    new Probe("POST", "/images/generate", "{\"prompt\":\"a forged cat\"}")));

    private final ChaosSuite suite;
    private int attempts;
    private int accepted;
    private int wrongStatus;
    private final List<Failure> failures = new ArrayList<>();

    public BadTokenRun(ChaosSuite suite) {
        this.suite = suite;
    }

    /** Sends {@code token} on every route of every target; the gateways also get it on the WebSocket. */
    public void send(String kind, String token, List<Target> targets) throws Exception {
        for (Target target : targets) {
            for (Probe probe : ROUTES.get(target.service())) {
                HttpResponse<String> response = suite.send(probe.method(), target.baseUrl() + probe.path(), token,
                        probe.body());
                judge(kind, target, probe.method() + " " + probe.path() + (probe.body() == null ? ""
                        : " " + probe.body()) + " with Authorization: Bearer <" + kind + ">", response,
                        !target.service().equals("worker-service"));
            }
            if (target.service().equals("gateway-service")) {
                webSocket(kind, token, target);
            }
        }
    }

    private void judge(String kind, Target target, String call, HttpResponse<String> response, boolean wants401) {
        attempts++;
        int status = response.statusCode();
        String seen = status + " " + response.headers().firstValue("content-type").orElse("") + " "
                + Escapes.shorten(response.body(), 200);
        if (status < 400) {
            accepted++;
            failures.add(new Failure(kind, target.service() + " " + target.baseUrl(), call, "ACCEPTED " + seen));
        } else if (wants401 && (status != 401 || !isProblem(response))) {
            wrongStatus++;
            failures.add(new Failure(kind, target.service() + " " + target.baseUrl(), call, seen));
        }
    }

    private static boolean isProblem(HttpResponse<String> response) {
        if (!response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json")) {
            return false;
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            return problem.path("status").asInt() == 401 && !problem.path("detail").asText("").isBlank();
        } catch (Exception e) {
            return false;
        }
    }

    /** The token on the progress WebSocket, once in the query and once as a bearer header: 401 both times. */
    private void webSocket(String kind, String token, Target target) throws Exception {
        URI base = URI.create(target.baseUrl());
        InetAddress local = InetAddress.getLoopbackAddress();
        String query = WebSocketAbuse.PATH + "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        for (boolean header : List.of(false, true)) {
            attempts++;
            String call = "WebSocket GET " + (header ? WebSocketAbuse.PATH + " with Authorization: Bearer <" + kind
                    + ">" : WebSocketAbuse.PATH + "?access_token=<" + kind + ">");
            try (RawWebSocket ws = RawWebSocket.open(local, base.getHost(), base.getPort(), "GET",
                    header ? WebSocketAbuse.PATH : query, header ? "Authorization: Bearer " + token + "\r\n" : "",
                    Duration.ofSeconds(10), new Random(0))) {
                accepted++;
                failures.add(new Failure(kind, target.service() + " " + target.baseUrl(), call, "ACCEPTED 101"));
            } catch (RawWebSocket.Refused e) {
                if (e.answer().status() != 401) {
                    wrongStatus++;
                    failures.add(new Failure(kind, target.service() + " " + target.baseUrl(), call,
                            e.answer().toString()));
                }
            }
        }
    }

    public int attempts() {
        return attempts;
    }

    public int accepted() {
        return accepted;
    }

    public int wrongStatus() {
        return wrongStatus;
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    public String summary() {
        StringBuilder out = new StringBuilder(String.format("attempts %d, accepted %d, wrong status %d%n", attempts,
                accepted, wrongStatus));
        failures.forEach(f -> out.append(f).append('\n'));
        return out.toString();
    }
}
