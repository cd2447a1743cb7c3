package dev.imagegen.chaos.abuse;

import dev.imagegen.chaos.abuse.PublicApi.Body;
import dev.imagegen.chaos.abuse.PublicApi.Endpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Generates hostile HTTP requests for the gateway from a seed: the same seed gives the same requests, byte for
 * byte, so a failure seen once can be replayed. Requests carry a real user's token (round robin over
 * {@code tokens}, so the per-user rate limits do not answer in the routes' place) and real ids where a path wants
 * them, so that bad input reaches the routes' own parsing rather than stopping at 401 or 404.
 */
public final class HostileRequests {

    /** Ids that exist for the test user; a path that names one reaches the owning service's logic. */
    public record Fixture(List<String> tokens, String userId, String imageId, String collectionId, String threadId,
            String shareToken, String taskId) {
    }

    /** A header a response must never carry: its presence means a CRLF injection reached the response. */
    public static final String INJECTED_HEADER = "x-injected";

    private static final Pattern NOT_A_URI = Pattern.compile("%(?![0-9A-Fa-f]{2})|[\\\\#]");

    /** Above every service's body limit (Quarkus: 10 MiB). */
    private static final int OVERSIZE_MB = 12;
    private static final byte[] MEGABYTE_OF_A = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);

    private final Random random;
    private final String authority;
    private final Fixture fixture;
    private int sent;

    private final Map<String, Integer> weights = new LinkedHashMap<>();
    private final Map<String, Supplier<HostileRequest>> kinds = new LinkedHashMap<>();
    private final int totalWeight;

    public HostileRequests(long seed, String authority, Fixture fixture) {
        this.random = new Random(seed);
        this.authority = authority;
        this.fixture = fixture;
        kind("json_malformed", 12, this::malformedJson);
        kind("json_huge", 6, this::hugeJson);
        kind("wrong_types", 14, this::wrongTypes);
        kind("invalid_utf8", 8, this::invalidUtf8);
        kind("nul_bytes", 8, this::nulBytes);
        kind("path_tricks", 14, this::pathTricks);
        kind("header_tricks", 14, this::headerTricks);
        kind("method_tricks", 6, this::methodTricks);
        kind("oversize", 3, this::oversize);
        kind("multipart", 6, this::multipart);
        kind("huge_query", 9, this::hugeQuery);
        this.totalWeight = weights.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The next request, its kind drawn by fixed weights. One at a time: the big ones are many megabytes each, so the
     * run holds only those in flight.
     */
    public synchronized HostileRequest next() {
        int pick = random.nextInt(totalWeight);
        HostileRequest request = null;
        for (Map.Entry<String, Integer> weight : weights.entrySet()) {
            pick -= weight.getValue();
            if (pick < 0) {
                request = kinds.get(weight.getKey()).get();
                break;
            }
        }
        sent++;
        return request;
    }

    private void kind(String name, int weight, Supplier<HostileRequest> kind) {
        weights.put(name, weight);
        kinds.put(name, kind);
    }

    // ---- kinds -------------------------------------------------------------------------------------------------

    private HostileRequest malformedJson() {
        Endpoint endpoint = pick(PublicApi.WITH_BODY);
        String valid = endpoint.body().valid;
        String body = pick(List.of(
                "{", "}", "[", "]]]]", "{\"" + field(endpoint) + "\": }", valid.replaceFirst("}$", ",}"),
                valid.replace('"', '\''), valid.replace(",", " "), valid + valid, valid + " trailing garbage",
                "/* a comment */ " + valid, "\uFEFF" + valid, valid.replaceFirst("\"$|\"}", "\\\\x\"}"),
                "{\"" + field(endpoint) + "\":\"\\uZZZZ\"}", valid.substring(0, valid.length() / 2),
                "nul", "tru", "", "   \t\r\n  ", "{\"" + field(endpoint) + "\":NaN}",
                "{\"" + field(endpoint) + "\":Infinity}", "{\"" + field(endpoint) + "\":0x10}",
                "{\"" + field(endpoint) + "\":01}", "{\"" + field(endpoint) + "\":\"raw\nnewline\"}",
                "null", "\"a string\"", "42", "[]", "[" + valid + "]", "true", "{\"__proto__\":{\"admin\":true}}",
                valid.replaceFirst("\\{", "{\"" + field(endpoint) + "\":1,")));
        return json(endpoint, "json_malformed", body.getBytes(StandardCharsets.UTF_8));
    }

    private HostileRequest hugeJson() {
        Endpoint endpoint = pick(PublicApi.WITH_BODY);
        String field = field(endpoint);
        int depth = pick(List.of(1_001, 5_000, 50_000, 500_000));
        String body = switch (random.nextInt(8)) {
            case 0 -> "{\"" + field + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            case 2 -> "{\"" + field + "\":" + "9".repeat(1000 + random.nextInt(200_000)) + "}";
            case 3 -> "{\"" + field + "\":1e" + "9".repeat(1 + random.nextInt(12)) + "}";
            case 4 -> "{\"" + field + "\":\"" + "x".repeat((1 + random.nextInt(8)) << 20) + "\"}";
            case 5 -> keys(10_000 + random.nextInt(100_000));
            case 6 -> "{\"" + field + "\":[" + "\"a\",".repeat(50_000 + random.nextInt(200_000)) + "\"a\"]}";
            default -> "{\"" + "k".repeat((1 + random.nextInt(4)) << 20) + "\":1}";
        };
        return json(endpoint, "json_huge", body.getBytes(StandardCharsets.UTF_8));
    }

    private String keys(int count) {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
        }
        return body.append('}').toString();
    }

    private HostileRequest wrongTypes() {
        Endpoint endpoint = pick(PublicApi.WITH_BODY);
        String field = field(endpoint);
        String value = pick(List.of("123", "-1", "0", "1.5e308", "-1.5e308", "true", "false", "null", "[]", "{}",
                "\"str\"", "[1,{\"a\":[]}]", "99999999999999999999999999", "-0", "0.0000000001", "\"\"",
                "\"" + "x".repeat(100_000) + "\"", "\"2026-13-45\"", "{\"$ne\":null}", "[\"a\",1,null,{}]",
                "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-uuid\"", "\"' OR 1=1 --\"",
                "\"<script>alert(1)</script>\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "2147483648",
                "-2147483649", "9223372036854775808", "\"../../../etc/passwd\"", "[[[[[\"deep\"]]]]]"));
        return json(endpoint, "wrong_types", withField(endpoint, field, value).getBytes(StandardCharsets.UTF_8));
    }

    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xc3, 0x28}, {(byte) 0xa0, (byte) 0xa1}, {(byte) 0xe2, 0x28, (byte) 0xa1},
            {(byte) 0xf0, 0x28, (byte) 0x8c, (byte) 0xbc}, {(byte) 0xc0, (byte) 0xaf},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xff, (byte) 0xfe},
            {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80,
                    (byte) 0x80}, {(byte) 0xe0, (byte) 0x80}};

    private HostileRequest invalidUtf8() {
        byte[] bad = pick(List.of(BAD_UTF8));
        int where = random.nextInt(4);
        if (where == 0) {
            Endpoint endpoint = pick(PublicApi.WITH_BODY);
            String field = stringField(endpoint);
            byte[] body = concat(("{\"" + field + "\":\"before").getBytes(StandardCharsets.UTF_8), bad,
                    "after\"}".getBytes(StandardCharsets.UTF_8));
            return json(endpoint, "invalid_utf8", body);
        }
        Endpoint endpoint = pick(PublicApi.ALL);
        if (where == 1) { // raw bytes in the request line
            byte[] path = concat(path(endpoint).getBytes(StandardCharsets.US_ASCII), bad);
            return request("invalid_utf8", true, endpoint.method(), path, endpoint, headers(endpoint), body(endpoint));
        }
        if (where == 2) { // percent-encoded in the query
            String path = path(endpoint) + "?q=" + percent(bad) + "&page=" + percent(bad);
            return request("invalid_utf8", false, endpoint, path, headers(endpoint), body(endpoint));
        }
        Map<String, byte[]> headers = headers(endpoint);
        headers.put("X-Note", concat("note".getBytes(StandardCharsets.US_ASCII), bad));
        headers.put("Idempotency-Key", concat("key-".getBytes(StandardCharsets.US_ASCII), bad));
        return request("invalid_utf8", false, endpoint, path(endpoint), headers, body(endpoint));
    }

    private HostileRequest nulBytes() {
        int where = random.nextInt(6);
        if (where <= 2) { // the JSON escape: valid JSON that PostgreSQL text cannot store
            Endpoint endpoint = pick(PublicApi.WITH_BODY);
            String field = stringField(endpoint);
            String value = pick(List.of("\\u0000", "a\\u0000b", "\\u0000".repeat(50), "ok\\u0000'; DROP TABLE x;--"));
            String body = withField(endpoint, field, "\"" + value + "\"");
            return json(endpoint, "nul_bytes", body.getBytes(StandardCharsets.UTF_8));
        }
        if (where == 3) { // a raw NUL inside the JSON text
            Endpoint endpoint = pick(PublicApi.WITH_BODY);
            byte[] valid = endpoint.body().valid.getBytes(StandardCharsets.UTF_8);
            int at = 1 + random.nextInt(valid.length - 1);
            byte[] body = concat(Arrays.copyOfRange(valid, 0, at), new byte[] {0},
                    Arrays.copyOfRange(valid, at, valid.length));
            return json(endpoint, "nul_bytes", body);
        }
        Endpoint endpoint = pick(PublicApi.ALL);
        if (where == 4) {
            String path = pick(List.of(path(endpoint) + "%00", path(endpoint).replaceFirst("/([^/]*)$", "/%00$1"),
                    path(endpoint) + "?q=%00&page=%00"));
            return request("nul_bytes", false, endpoint, path, headers(endpoint), body(endpoint));
        }
        Map<String, byte[]> headers = headers(endpoint);
        headers.put("X-Note", new byte[] {'a', 0, 'b'});
        return request("nul_bytes", true, endpoint.method(), path(endpoint).getBytes(StandardCharsets.US_ASCII),
                endpoint, headers, body(endpoint));
    }

    private HostileRequest pathTricks() {
        Endpoint endpoint = pick(PublicApi.ALL);
        String path = path(endpoint);
        boolean delete = endpoint.method().equals("DELETE");
        String image = delete ? uuid() : fixture.imageId();
        String collection = delete ? uuid() : fixture.collectionId();
        String tricked = pick(List.of(
                "/images/../admin/usage", "/images/%2e%2e/admin/usage", "/images/%2E%2E%2Fadmin%2Fusage",
                "/images/x%2F..%2F..%2Fadmin%2Fusage", "/images/gallery/", "//images//gallery", "/images/gallery//",
                "/images/./gallery", "/chat/threads/%2e/", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd",
                "/images/%252e%252e/admin/usage", "/images/..;/admin/usage", "/images\\..\\admin\\usage",
                "/images/%c0%ae%c0%ae/admin/usage", "/images/%", "/images/%zz", "/images/%u002e%u002e",
                "/s/%2e%2e%2fadmin%2fusers", "/s/" + "t".repeat(3000), "/q/../admin/users", "/ws/../admin/users",
                "/app/../../etc/passwd", "/app/%2e%2e/%2e%2e/etc/passwd", "/assets/../../application.properties",
                path + "/..", path + "/.", path + "/", path + "//", "/" + path, path.replace("/", "//"),
                path + "%2F", path.replaceFirst("/", "/%2F"), path + ";jsessionid=x", path + "%3Fq=1",
                path + "#fragment", path + "?", "/images/00000000-0000-0000-0000-000000000000", "/images/-1",
                "/images/null", "/images/%27%20OR%201=1--", "/collections/%7B%7D/images/%5B%5D",
                "/collections/" + collection + "/images/..%2F..%2F..%2Fadmin%2Fusers",
                "/images/" + image + "/content/..", "/images/" + image + "%2Fcontent",
                "/IMAGES/GALLERY", "/Images/Gallery", "/images/gallery%20", "/images/gallery%09",
                "/images/%E2%80%AEgallery", "/" + "a/".repeat(500), "/images/" + "%2e%2e%2f".repeat(200)));
        return request("path_tricks", false, endpoint, tricked, headers(endpoint), body(endpoint));
    }

    private HostileRequest headerTricks() {
        Endpoint endpoint = pick(PublicApi.WITH_BODY);
        String path = path(endpoint);
        byte[] body = endpoint.body().valid.getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> headers = headers(endpoint);
        int trick = random.nextInt(30);
        String line = endpoint.method() + " " + path + " HTTP/1.1\r\n";
        switch (trick) {
            case 0 -> headers.put("X-Huge", ascii("h".repeat(pick(List.of(8_000, 30_000, 100_000)))));
            case 1 -> {
                int count = pick(List.of(200, 2_000, 10_000));
                for (int i = 0; i < count; i++) {
                    headers.put("X-Many-" + i, ascii("v"));
                }
            }
            case 2 -> {
                return raw("header_tricks", true, line + host() + auth(endpoint) + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nContent-Length: " + (body.length + 5)
                        + "\r\nConnection: close\r\n\r\n", body);
            }
            case 3 -> {
                return raw("header_tricks", true, line + host() + auth(endpoint) + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n", body);
            }
            case 4 -> { // request smuggling: CL and TE together, a second request hidden in the body
                String hidden = "0\r\n\r\nGET /admin/users HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
                return raw("header_tricks", true, line + host() + auth(endpoint) + "Content-Type: application/json\r\n"
                        + "Content-Length: " + hidden.length() + "\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n", ascii(hidden));
            }
            case 5 -> {
                return raw("header_tricks", true, line + host() + auth(endpoint) + "Content-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", ascii("zz\r\n{}\r\n0\r\n\r\n"));
            }
            case 6 -> {
                String encoding = pick(List.of("chunked, identity", "identity", "gzip", " chunked", "xchunked",
                        "chunked\r\nTransfer-Encoding: chunked", "CHUNKED", "chunked;q=1"));
                return raw("header_tricks", true, line + host() + auth(endpoint)
                        + "Content-Type: application/json\r\nTransfer-Encoding: " + encoding
                        + "\r\nConnection: close\r\n\r\n", chunked(body));
            }
            case 7 -> {
                return raw("header_tricks", true, line + host() + auth(endpoint) + "Content-Type: application/json\r\n"
                        + "Transfer-Encoding : chunked\r\nConnection: close\r\n\r\n", chunked(body));
            }
            case 8 -> { // obsolete line folding
                return raw("header_tricks", true, line + host() + auth(endpoint) + "Content-Type: application/json\r\n"
                        + "X-Folded: first\r\n  second\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n", body);
            }
            case 9, 10, 11 -> headers.put("Content-Type", ascii(pick(List.of("text/plain", "application/xml",
                    "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=utf-16",
                    "application/json; charset=klingon", "application/json;;;;", "*/*", "", "json",
                    "application/json, text/plain", "application/" + "j".repeat(5000),
                    "application/json; boundary=\"", "application/merge-patch+json", "image/png"))));
            case 12 -> { // an XML body with an external entity, to a JSON route
                headers.put("Content-Type", ascii("application/xml"));
                body = ascii("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<x>&e;</x>");
            }
            case 13 -> headers.put("Accept", ascii(pick(List.of("text/html", "application/xml", "image/png",
                    "*/*;q=abc", "application/json;q=0", "", "text/csv", "application/problem+xml"))));
            case 14, 15 -> { // CRLF injection through values that may be echoed into a response header
                String injection = "%0d%0a" + INJECTED_HEADER + ":%20yes";
                String tricked = pick(List.of(path + injection, path + "?q=" + injection,
                        path + "?format=" + injection, "/s/abc" + injection));
                return request("header_tricks", false, endpoint, tricked, headers, body);
            }
            case 16 -> { // a bare CR inside a header value
                return raw("header_tricks", true, line + host() + auth(endpoint) + "Content-Type: application/json\r\n"
                        + "Idempotency-Key: a\r" + INJECTED_HEADER + ": yes\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n", body);
            }
            case 17 -> { // bare LF line endings
                return raw("header_tricks", true, (line + host() + auth(endpoint)
                        + "Content-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").replace("\r\n", "\n"), body);
            }
            case 18 -> headers.put("Authorization", ascii(pick(List.of("Bearer " + "x".repeat(10_000), "Bearer",
                    "Bearer ", "Basic Zm9vOmJhcg==", "Bearer a.b.c", "Bearer ....", "Bearer e30.e30.",
                    "bearer " + token(), "Bearer " + token() + " extra", "Bearer  " + token(),
                    "Negotiate YII=", "Bearer " + token() + "\t"))));
            case 19 -> {
                return raw("header_tricks", false, line + host() + auth(endpoint) + "Authorization: Bearer a.b.c\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n", body);
            }
            case 20 -> {
                return raw("header_tricks", true, line + auth(endpoint) + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n", body);
            }
            case 21 -> {
                return raw("header_tricks", true, line + host() + "Host: evil.example\r\n" + auth(endpoint)
                        + "Content-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n", body);
            }
            case 22 -> headers.put("Host", ascii(pick(List.of("evil.example", "h".repeat(10_000), "127.0.0.1:0",
                    "[::1", "a b", "localhost:99999"))));
            case 23 -> {
                String length = pick(List.of("-1", "abc", "99999999999999999999", "1 2", "+5", "0x10", ""));
                return raw("header_tricks", true, line + host() + auth(endpoint) + "Content-Type: application/json\r\n"
                        + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n", body);
            }
            case 24 -> { // declares more than it sends, then stops sending
                return new HostileRequest("header_tricks", true, ascii(line + host() + auth(endpoint)
                        + "Content-Type: application/json\r\nContent-Length: " + (body.length + 1000)
                        + "\r\nConnection: close\r\n\r\n"), body, 1, null, true);
            }
            case 25 -> headers.put("Expect", ascii(pick(List.of("100-continue", "something-else", "100-continue, x"))));
            case 26 -> headers.put("Idempotency-Key", ascii(pick(List.of("k".repeat(10_000), "", " ", "a,b",
                    "\u00e9t\u00e9"))));
            case 27 -> headers.put("X-Forwarded-For", ascii(pick(List.of("1.2.3.4", "not-an-ip", "1.2.3.4, " +
                    "5.6.7.8".repeat(1000), "::1"))));
            case 28 -> {
                headers.put("Connection", ascii("Upgrade, HTTP2-Settings"));
                headers.put("Upgrade", ascii(pick(List.of("h2c", "websocket", "TLS/1.2", "garbage"))));
                headers.put("HTTP2-Settings", ascii("AAMAAABkAAQAAP__"));
            }
            default -> {
                headers.put("Cookie", ascii("a=" + "c".repeat(5000) + "; b=\"unterminated"));
                headers.put("Range", ascii(pick(List.of("bytes=0-0,1-1,2-2", "bytes=-1", "bytes=999999-",
                        "bytes=" + "0-1,".repeat(500) + "0-1"))));
            }
        }
        boolean edge = trick <= 1 || trick == 22;
        return request("header_tricks", edge, endpoint, path, headers, body);
    }

    private HostileRequest methodTricks() {
        Endpoint endpoint = pick(PublicApi.ALL);
        String path = path(endpoint);
        String host = host();
        int trick = random.nextInt(12);
        return switch (trick) {
            case 0 -> raw("method_tricks", true, endpoint.method().toLowerCase() + " " + path + " HTTP/1.1\r\n"
                    + host + auth(endpoint) + "Connection: close\r\n\r\n", new byte[0]);
            case 1 -> raw("method_tricks", false, pick(List.of("BREW", "PROPFIND", "TRACE", "MKCOL", "PURGE",
                    "FOO")) + " " + path + " HTTP/1.1\r\n" + host + auth(endpoint) + "Connection: close\r\n\r\n",
                    new byte[0]);
            case 2 -> raw("method_tricks", false, endpoint.method() + " " + path + " HTTP/1.0\r\n" + host
                    + auth(endpoint) + "\r\n", new byte[0]);
            case 3 -> raw("method_tricks", true, endpoint.method() + " " + path + " "
                    + pick(List.of("HTTP/2.0", "HTTP/9.9", "HTTP/1.1.1", "HTTPS/1.1", "http/1.1", "HTTP/1")) + "\r\n"
                    + host + auth(endpoint) + "Connection: close\r\n\r\n", new byte[0]);
            case 4 -> raw("method_tricks", true, "GET " + path + "\r\n", new byte[0]);
            case 5 -> raw("method_tricks", true, "CONNECT 127.0.0.1:22 HTTP/1.1\r\n" + host + "\r\n", new byte[0]);
            case 6 -> raw("method_tricks", true, "M".repeat(5000) + " " + path + " HTTP/1.1\r\n" + host
                    + "Connection: close\r\n\r\n", new byte[0]);
            case 7 -> raw("method_tricks", true, "G\u0000ET " + path + " HTTP/1.1\r\n" + host
                    + "Connection: close\r\n\r\n", new byte[0]);
            case 8 -> raw("method_tricks", true, "GET  " + path + "  HTTP/1.1\r\n" + host
                    + "Connection: close\r\n\r\n", new byte[0]);
            // Empty lines before a request are allowed and skipped, so the server rightly waits for the request: the
            // client ends its side to show it will send none.
            case 9 -> new HostileRequest("method_tricks", true, ascii("\r\n\r\n\r\n"), new byte[0], 0, null, true);
            case 10 -> raw("method_tricks", true, "GET http://evil.example" + path + " HTTP/1.1\r\n" + host
                    + auth(endpoint) + "Connection: close\r\n\r\n", new byte[0]);
            default -> {
                // A method the route does not take (the gateway answers 405), HEAD and OPTIONS included.
                String method = pick(List.of("PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "POST", "GET"));
                yield request("method_tricks", false, method, ascii(path(endpoint, method)), endpoint,
                        headers(endpoint), method.equals("HEAD") || method.equals("GET") ? new byte[0]
                                : endpoint.body().valid.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private HostileRequest oversize() {
        Endpoint endpoint = pick(PublicApi.WITH_BODY);
        Map<String, byte[]> headers = headers(endpoint);
        String field = stringField(endpoint);
        byte[] start = ("{\"" + field + "\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] end = "\"}".getBytes(StandardCharsets.UTF_8);
        long length = start.length + (long) OVERSIZE_MB * MEGABYTE_OF_A.length + end.length;
        int shape = random.nextInt(3);
        if (shape == 0) { // declared up front
            headers.put("Content-Length", ascii(String.valueOf(length)));
            return new HostileRequest("oversize", false, concat(head(endpoint.method(), ascii(path(endpoint)),
                    headers), start), MEGABYTE_OF_A, OVERSIZE_MB, end, false);
        }
        if (shape == 1) { // chunked, so only counting the bytes finds it
            headers.put("Transfer-Encoding", ascii("chunked"));
            byte[] chunk = concat(ascii(Integer.toHexString(MEGABYTE_OF_A.length) + "\r\n"), MEGABYTE_OF_A,
                    ascii("\r\n"));
            byte[] first = concat(ascii(Integer.toHexString(start.length) + "\r\n"), start, ascii("\r\n"));
            byte[] last = concat(ascii(Integer.toHexString(end.length) + "\r\n"), end, ascii("\r\n0\r\n\r\n"));
            return new HostileRequest("oversize", false, concat(head(endpoint.method(), ascii(path(endpoint)),
                    headers), first), chunk, OVERSIZE_MB, last, false);
        }
        // Announced with Expect: 100-continue and never sent: the server should refuse at once, not ask for it.
        headers.put("Content-Length", ascii(String.valueOf(pick(List.of(2_147_483_648L, 50L << 20, 1L << 40)))));
        headers.put("Expect", ascii("100-continue"));
        return new HostileRequest("oversize", false, head(endpoint.method(), ascii(path(endpoint)), headers),
                new byte[0], 0, null, false);
    }

    private HostileRequest multipart() {
        Endpoint endpoint = pick(PublicApi.WITH_BODY);
        Map<String, byte[]> headers = headers(endpoint);
        String boundary = pick(List.of("b0undary", "x".repeat(70), "-", "\"quoted\"", "b".repeat(5000)));
        headers.put("Content-Type", ascii("multipart/form-data; boundary=" + boundary));
        int shape = random.nextInt(4);
        if (shape == 0) { // one file part bigger than any body limit
            byte[] start = ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"../../etc/passwd\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            byte[] end = ascii("\r\n--" + boundary + "--\r\n");
            headers.put("Content-Length",
                    ascii(String.valueOf(start.length + (long) OVERSIZE_MB * MEGABYTE_OF_A.length + end.length)));
            return new HostileRequest("multipart", false, concat(head(endpoint.method(), ascii(path(endpoint)),
                    headers), start), MEGABYTE_OF_A, OVERSIZE_MB, end, false);
        }
        StringBuilder body = new StringBuilder();
        if (shape == 1) { // many small parts
            boundary = "b0undary";
            headers.put("Content-Type", ascii("multipart/form-data; boundary=" + boundary));
            int parts = pick(List.of(1_000, 10_000, 50_000));
            for (int i = 0; i < parts; i++) {
                body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"p")
                        .append(i).append("\"\r\n\r\nv\r\n");
            }
            body.append("--").append(boundary).append("--\r\n");
        } else if (shape == 2) { // never closed
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n")
                    .append("a cat");
        } else { // the JSON body, as a part
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"json\"\r\n")
                    .append("Content-Type: application/json\r\n\r\n").append(endpoint.body().valid).append("\r\n--")
                    .append(boundary).append("--\r\n");
        }
        return request("multipart", false, endpoint, path(endpoint), headers, ascii(body.toString()));
    }

    private HostileRequest hugeQuery() {
        Endpoint endpoint = pick(PublicApi.ALL);
        String path = path(endpoint);
        int shape = random.nextInt(4);
        String query = switch (shape) {
            case 0 -> "q=" + "x".repeat(pick(List.of(3_000, 5_000, 20_000, 100_000)));
            case 1 -> {
                StringBuilder many = new StringBuilder();
                int count = pick(List.of(300, 1_000, 10_000));
                for (int i = 0; i < count; i++) {
                    many.append(i == 0 ? "" : "&").append("p").append(i).append("=1");
                }
                yield many.toString();
            }
            default -> pick(List.of("page=-1&size=0", "page=abc&size=def", "size=99999999999", "page=2147483648",
                    "q=%zz", "q=%", "month=2026-13", "month=../../etc", "month=" + "9".repeat(50),
                    "favorite=maybe", "collection_id=not-a-uuid", "format=../../etc/passwd", "format=svg",
                    "format=%00", "page=1&page=2&page=-5", "novalue", "&&&&", "=", "=x", "q=%F0%9F%98%80",
                    "q=%ff%fe", "size=1e9", "size=-0", "page=0x10", "prompt=a+cat&size=256x256",
                    "model=" + "m".repeat(2000), "q=" + "%25".repeat(1000), "q[]=1&q[]=2",
                    "q=" + "'%20OR%201=1--"));
        };
        boolean edge = query.length() > 4000;
        return request("huge_query", edge, endpoint, path + "?" + query, headers(endpoint), body(endpoint));
    }

    // ---- building blocks ---------------------------------------------------------------------------------------

    /** A random id that is still the same for the same seed. */
    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private String field(Endpoint endpoint) {
        return pick(endpoint.body().fields);
    }

    /** A field that holds text, so a string payload lands in a string. */
    private String stringField(Endpoint endpoint) {
        return switch (endpoint.body()) {
            case GENERATE -> pick(List.of("prompt", "size", "quality", "style", "model"));
            case LIMITS -> "daily_images";
            case TAGS -> "tags";
            case REPORT -> pick(List.of("reason", "note"));
            case COLLECTION -> pick(List.of("name", "description"));
            case RESOLVE -> "action";
            case THREAD -> "title";
            case MESSAGE -> "content";
            case CREDENTIALS -> pick(List.of("email", "password"));
            case NONE -> "x";
        };
    }

    /** The route's path with its placeholders filled, with a real id most of the time. */
    private String path(Endpoint endpoint) {
        return path(endpoint, endpoint.method());
    }

    /**
     * The path, called with {@code method}: a DELETE never names the fixture's ids, so that a path trick that
     * normalises {@code /images/{id}/favorite/..} into {@code /images/{id}} cannot erase what later requests use.
     */
    private String path(Endpoint endpoint, String method) {
        String path = endpoint.template();
        boolean real = !method.equals("DELETE") && random.nextInt(4) != 0;
        path = path.replace("{task_id}", real ? fixture.taskId() : uuid());
        path = path.replace("{user_id}", real ? fixture.userId() : uuid());
        path = path.replace("{token}", real ? fixture.shareToken() : "nosuchtoken" + random.nextInt(1000));
        path = path.replace("{image_id}", real ? fixture.imageId() : uuid());
        if (path.startsWith("/collections/")) {
            path = path.replace("{id}", real ? fixture.collectionId() : uuid());
        } else if (path.startsWith("/chat/threads/")) {
            path = path.replace("{id}", real ? fixture.threadId() : uuid());
        } else {
            path = path.replace("{id}", real ? fixture.imageId() : uuid());
        }
        return path;
    }

    /** The route's valid body with {@code field} set to the raw JSON {@code value}. */
    private static String withField(Endpoint endpoint, String field, String value) {
        String without = endpoint.body().valid.replaceFirst(
                "\"" + Pattern.quote(field) + "\":(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}]*),?", "").replace(",}", "}");
        return without.equals("{}") ? "{\"" + field + "\":" + value + "}"
                : "{\"" + field + "\":" + value + "," + without.substring(1);
    }

    private String token() {
        return fixture.tokens().get(sent % fixture.tokens().size());
    }

    private String host() {
        return "Host: " + authority + "\r\n";
    }

    private String auth(Endpoint endpoint) {
        return endpoint.authenticated() ? "Authorization: Bearer " + token() + "\r\n" : "";
    }

    private Map<String, byte[]> headers(Endpoint endpoint) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("Host", ascii(authority));
        if (endpoint.authenticated()) {
            headers.put("Authorization", ascii("Bearer " + token()));
        }
        if (endpoint.body() != Body.NONE) {
            headers.put("Content-Type", ascii("application/json"));
        }
        headers.put("Accept", ascii("application/json"));
        return headers;
    }

    private byte[] body(Endpoint endpoint) {
        return endpoint.body().valid.getBytes(StandardCharsets.UTF_8);
    }

    private HostileRequest json(Endpoint endpoint, String kind, byte[] body) {
        return request(kind, false, endpoint, path(endpoint), headers(endpoint), body);
    }

    /**
     * A request to {@code path}; a path or query with a {@code %} not followed by two hex digits is not a URI
     * (RFC 3986), so the HTTP layer may refuse it before any route, like broken framing.
     */
    private HostileRequest request(String kind, boolean edge, Endpoint endpoint, String path,
            Map<String, byte[]> headers, byte[] body) {
        return request(kind, edge || NOT_A_URI.matcher(path).find(), endpoint.method(), ascii(path), endpoint,
                headers, body);
    }

    private HostileRequest request(String kind, boolean edge, String method, byte[] path, Endpoint endpoint,
            Map<String, byte[]> headers, byte[] body) {
        if (!headers.containsKey("Content-Length") && !headers.containsKey("Transfer-Encoding")
                && (body.length > 0 || endpoint.body() != Body.NONE)) {
            headers.put("Content-Length", ascii(String.valueOf(body.length)));
        }
        return HostileRequest.of(kind, edge, head(method, path, headers), body);
    }

    private static byte[] head(String method, byte[] path, Map<String, byte[]> headers) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(ascii(method + " "));
        head.writeBytes(path);
        head.writeBytes(ascii(" HTTP/1.1\r\n"));
        headers.forEach((name, value) -> {
            head.writeBytes(ascii(name + ": "));
            head.writeBytes(value);
            head.writeBytes(ascii("\r\n"));
        });
        head.writeBytes(ascii("Connection: close\r\n\r\n"));
        return head.toByteArray();
    }

    private static HostileRequest raw(String kind, boolean edge, String head, byte[] body) {
        return HostileRequest.of(kind, edge, head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static byte[] chunked(byte[] body) {
        return concat(ascii(Integer.toHexString(body.length) + "\r\n"), body, ascii("\r\n0\r\n\r\n"));
    }

    private static String percent(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%%%02X", b & 0xff));
        }
        return out.toString();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
