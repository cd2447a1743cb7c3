package dev.imagegen.chaos.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Judges every answer to hostile input and counts. The rules:
 * <ul>
 * <li>no 5xx, no WebSocket close 1011 (the server's own error), except a 501 or 505 to a request line whose version
 * is not {@code HTTP/1.0} or {@code HTTP/1.1}: the HTTP layer declining a protocol it does not speak, counted as a
 * bare refusal;</li>
 * <li>no hang: an answer or a close within the deadline;</li>
 * <li>a 4xx with a body is {@code application/problem+json} whose {@code status} is the answer's and whose
 * {@code detail} says something;</li>
 * <li>a 4xx without a body is tolerated only where the HTTP layer refuses before any route: a request that breaks
 * HTTP/1.1 framing or the server's line and header limits ({@link HostileRequest#framing()}), and a WebSocket
 * upgrade (a browser never sees the body of a refused upgrade). These are counted apart, as "bare refusals";</li>
 * <li>a connection closed without an answer is tolerated for those same requests and for bodies above a megabyte
 * (a server may stop a body it will not take by closing); for any other request it is a failure;</li>
 * <li>a response never carries a header injected through the request ({@link HostileRequests#INJECTED_HEADER});</li>
 * <li>a non-admin's request whose request line names {@code admin} never succeeds.</li>
 * </ul>
 */
public final class HostileTally {

    /** A broken rule, with the request that broke it. */
    public record Failure(String rule, String kind, String request, String seen) {

        @Override
        public String toString() {
            return rule + " [" + kind + "]\n    request: " + request + "\n    seen:    " + seen;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADMIN_LINE = Pattern.compile("^[A-Za-z]+ [^ ]*admin", Pattern.CASE_INSENSITIVE);
    private static final long BIG_BODY = 1 << 20;

    private int requests;
    private int answered;
    private int closed;
    private int hung;
    private int serverErrors;
    private int problemRefusals;
    private int bareRefusals;
    private int rateLimited;
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final Map<String, Integer> bare = new TreeMap<>();
    private final List<Failure> failures = new ArrayList<>();

    /** Judges an HTTP answer. */
    public synchronized void http(HostileRequest request, RawHttp.Answer answer) {
        requests++;
        String kind = request.kind();
        switch (answer.outcome()) {
            case HUNG -> {
                hung++;
                fail("hang", request, answer);
            }
            case CLOSED -> {
                closed++;
                count(kind, "closed");
                if (!request.framing() && request.bodyLength() <= BIG_BODY) {
                    fail("closed without an answer", request, answer);
                }
            }
            case ANSWERED -> {
                answered++;
                count(kind, String.valueOf(answer.status()));
                judge(request, answer);
            }
        }
    }

    private void judge(HostileRequest request, RawHttp.Answer answer) {
        int status = answer.status();
        if (answer.headers().containsKey(HostileRequests.INJECTED_HEADER)) {
            fail("a header injected through the request reached the response", request, answer);
        }
        if ((status == 501 || status == 505) && request.framing() && !http1Line(request)) {
            // The HTTP layer declining a protocol version it does not speak, as RFC 9110 15.6.2 / 15.6.6 say to.
            bareRefusals++;
            bare.merge(status + " " + request.kind(), 1, Integer::sum);
            return;
        }
        if (status >= 500) {
            serverErrors++;
            fail("5xx", request, answer);
            return;
        }
        if (status >= 200 && status < 300 && ADMIN_LINE.matcher(new String(request.head(), 0,
                Math.min(400, request.head().length), java.nio.charset.StandardCharsets.ISO_8859_1)).find()) {
            fail("an admin route answered a non-admin", request, answer);
        }
        if (status < 400) {
            return;
        }
        if (status == 429) {
            rateLimited++;
        }
        boolean head = new String(request.head(), 0, Math.min(5, request.head().length),
                java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("HEAD ");
        if (answer.body().length == 0) {
            if (head) {
                problemRefusals++; // a HEAD answer never has a body; its GET twin is checked as a GET
            } else if (request.framing()) {
                bareRefusals++;
                bare.merge(status + " " + request.kind(), 1, Integer::sum);
            } else {
                fail("4xx without a problem body", request, answer);
            }
            return;
        }
        String problem = problemFault(status, answer);
        if (problem == null) {
            problemRefusals++;
        } else {
            fail("4xx not problem+json (" + problem + ")", request, answer);
        }
    }

    /** Whether the request line ends in exactly {@code HTTP/1.0} or {@code HTTP/1.1}. */
    private static boolean http1Line(HostileRequest request) {
        String head = new String(request.head(), java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n");
        String line = end < 0 ? head : head.substring(0, end);
        return line.endsWith(" HTTP/1.1") || line.endsWith(" HTTP/1.0");
    }

    /** Judges a WebSocket scenario. */
    public synchronized void webSocket(WebSocketAbuse.Outcome outcome) {
        requests++;
        String kind = "ws_" + outcome.scenario();
        if (outcome.refusal() != null) {
            RawHttp.Answer refusal = outcome.refusal();
            switch (refusal.outcome()) {
                case HUNG -> {
                    hung++;
                    failures.add(new Failure("hang", kind, outcome.reproduction(), refusal.toString()));
                }
                case CLOSED -> {
                    closed++;
                    count(kind, "closed");
                }
                case ANSWERED -> {
                    answered++;
                    count(kind, String.valueOf(refusal.status()));
                    if (refusal.status() >= 500) {
                        serverErrors++;
                        failures.add(new Failure("5xx", kind, outcome.reproduction(), refusal.toString()));
                    } else if (refusal.status() < 400) {
                        failures.add(new Failure("upgrade neither accepted nor refused", kind, outcome.reproduction(),
                                refusal.toString()));
                    } else if (refusal.body().length == 0) {
                        bareRefusals++;
                        bare.merge(refusal.status() + " " + kind, 1, Integer::sum);
                    } else {
                        String problem = problemFault(refusal.status(), refusal);
                        if (problem == null) {
                            problemRefusals++;
                        } else {
                            failures.add(new Failure("4xx not problem+json (" + problem + ")", kind,
                                    outcome.reproduction(), refusal.toString()));
                        }
                    }
                }
            }
            return;
        }
        count(kind, String.valueOf(outcome.liveness()));
        switch (outcome.liveness()) {
            case HUNG -> {
                hung++;
                failures.add(new Failure("hang", kind, outcome.reproduction(), "no pong, no close: " + frames(outcome)));
            }
            case CLOSED -> closed++;
            case ALIVE -> answered++;
        }
        if (outcome.closeCode() == 1011) {
            serverErrors++;
            failures.add(new Failure("closed with 1011 (server error)", kind, outcome.reproduction(),
                    frames(outcome)));
        }
        outcome.frames().stream().filter(f -> f.opcode() == RawWebSocket.TEXT).filter(f -> !isJson(f.text()))
                .findFirst().ifPresent(f -> failures.add(new Failure("a message that is not JSON", kind,
                        outcome.reproduction(), Escapes.shorten(f.text(), 200))));
    }

    private static String frames(WebSocketAbuse.Outcome outcome) {
        StringBuilder seen = new StringBuilder();
        for (RawWebSocket.Frame frame : outcome.frames()) {
            seen.append(switch (frame.opcode()) {
                case RawWebSocket.CLOSE -> "close(" + frame.closeCode() + ") ";
                case RawWebSocket.PONG -> "pong ";
                case RawWebSocket.TEXT -> "text(" + Escapes.shorten(frame.text(), 80) + ") ";
                default -> "opcode " + frame.opcode() + " ";
            });
            if (seen.length() > 400) {
                break;
            }
        }
        return seen.toString();
    }

    /** What is wrong with a refusal's problem document, or {@code null}. */
    private static String problemFault(int status, RawHttp.Answer answer) {
        String type = answer.header("content-type");
        if (type == null || !type.toLowerCase().startsWith("application/problem+json")) {
            return "Content-Type " + type;
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem.path("status").asInt() != status) {
                return "status " + problem.path("status") + " in the body";
            }
            if (problem.path("detail").asText("").isBlank()) {
                return "no detail";
            }
            return null;
        } catch (Exception e) {
            return "unreadable body";
        }
    }

    private static boolean isJson(String text) {
        try {
            JSON.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void fail(String rule, HostileRequest request, RawHttp.Answer answer) {
        failures.add(new Failure(rule, request.kind(), request.reproduction(), answer.toString()));
    }

    private void count(String kind, String what) {
        byStatus.merge(kind + " " + what, 1, Integer::sum);
    }

    public synchronized int requests() {
        return requests;
    }

    public synchronized int serverErrors() {
        return serverErrors;
    }

    public synchronized int hangs() {
        return hung;
    }

    public synchronized int closed() {
        return closed;
    }

    public synchronized int rateLimited() {
        return rateLimited;
    }

    /** Refusals without a body, tolerated at the HTTP edge (see the class comment). */
    public synchronized int bareRefusals() {
        return bareRefusals;
    }

    public synchronized int problemRefusals() {
        return problemRefusals;
    }

    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** The failures with the given rule prefix. */
    public synchronized long failures(String rule) {
        return failures.stream().filter(f -> f.rule().startsWith(rule)).count();
    }

    /** A readable account: counts by kind and status, the bare refusals, then each failure. */
    public synchronized String summary() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("requests %d: answered %d, closed %d, hung %d; 5xx %d; problem refusals %d, "
                + "bare refusals %d, rate limited %d; failures %d%n", requests, answered, closed, hung, serverErrors,
                problemRefusals, bareRefusals, rateLimited, failures.size()));
        out.append("by kind and status: ").append(byStatus).append('\n');
        out.append("bare refusals (status kind): ").append(bare).append('\n');
        failures.forEach(f -> out.append(f).append('\n'));
        return out.toString();
    }
}
