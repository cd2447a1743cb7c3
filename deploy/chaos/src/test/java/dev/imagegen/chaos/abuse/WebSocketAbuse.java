package dev.imagegen.chaos.abuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generates abuse of the gateway's progress WebSocket from a seed: garbage frames on an open connection (each
 * followed by a ping, to see whether the server still answers, closed the connection, or hangs) and garbage
 * upgrade requests.
 */
public final class WebSocketAbuse {

    public static final String PATH = "/ws/progress";

    /** What one scenario did and saw. */
    public record Outcome(String scenario, String reproduction, RawWebSocket.Liveness liveness,
            List<RawWebSocket.Frame> frames, RawHttp.Answer refusal) {

        /** The close code the server sent, or -1. */
        public int closeCode() {
            return frames.stream().filter(f -> f.opcode() == RawWebSocket.CLOSE).mapToInt(RawWebSocket.Frame::closeCode)
                    .findFirst().orElse(-1);
        }
    }

    /** Sends garbage on an open connection. */
    @FunctionalInterface
    private interface Garbage {
        void send(RawWebSocket ws) throws IOException;
    }

    private record Scenario(String name, String description, Garbage garbage) {
    }

    private final Random random;
    private final List<String> tokens;
    private int sent;

    public WebSocketAbuse(long seed, List<String> tokens) {
        this.random = new Random(seed);
        this.tokens = tokens;
    }

    /** Runs the next scenario against the gateway at {@code host:port}, from {@code source}. */
    public Outcome next(InetAddress source, String host, int port, Duration timeout) {
        String token;
        Scenario scenario = null;
        String upgrade = null;
        Random masks;
        synchronized (this) {
            token = tokens.get(sent++ % tokens.size());
            masks = new Random(random.nextLong());
            if (random.nextInt(5) == 0) {
                upgrade = upgradeRequest(host, port, token);
            } else {
                scenario = scenario();
            }
        }
        if (upgrade != null) {
            return upgrade(source, host, port, upgrade, token, timeout, masks);
        }
        String reproduction = "GET " + PATH + "?access_token=<user token> (101), then " + scenario.description()
                + ", then a ping";
        try (RawWebSocket ws = RawWebSocket.open(source, host, port, "GET",
                PATH + "?access_token=" + token, "", timeout, masks)) {
            try {
                scenario.garbage().send(ws);
            } catch (IOException e) {
                // the server closed while the garbage was going out: the probe sees the close
            }
            RawWebSocket.Liveness liveness = ws.probe(timeout);
            return new Outcome(scenario.name(), reproduction, liveness, ws.received(), null);
        } catch (RawWebSocket.Refused e) {
            return new Outcome("upgrade_refused_" + scenario.name(), "the valid upgrade before " + reproduction,
                    null, List.of(), e.answer());
        } catch (IOException e) {
            return new Outcome(scenario.name(), reproduction + " [" + e + "]", RawWebSocket.Liveness.CLOSED,
                    List.of(), null);
        }
    }

    private Scenario scenario() {
        int kind = random.nextInt(17);
        return switch (kind) {
            case 0 -> {
                String text = pick(List.of("{", "}", "not json", "{\"resume_from\":", "[[[[", "\"\\x\"", "",
                        "{'resume_from':'0-0'}", "{\"resume_from\":\"0-0\"} trailing", "\uFEFF{}"));
                yield new Scenario("invalid_json", "a text frame " + quote(text), ws -> ws.sendText(text));
            }
            case 1 -> {
                String text = pick(List.of("{\"resume_from\":123}", "[]", "null", "{\"resume_from\":\"../../\"}",
                        "{\"resume_from\":\"9999999999999-0\"}", "{\"resume_from\":\"0-0\",\"x\":1}",
                        "{\"resume_from\":{\"$gt\":\"\"}}", "{\"resume_from\":\"" + "9".repeat(20_000) + "-0\"}",
                        "{\"resume_from\":\"0-0\\u0000\"}", "{\"type\":\"subscribe\",\"user_id\":\"*\"}"));
                yield new Scenario("wrong_shape_json", "a text frame " + quote(text), ws -> ws.sendText(text));
            }
            case 2 -> {
                String text = "{\"resume_from\":\"0-0\"}";
                yield new Scenario("resume_twice", "the text frame " + text + " twice", ws -> {
                    ws.sendText(text);
                    ws.sendText(text);
                });
            }
            case 3 -> {
                byte[] bytes = RawWebSocket.bytes(random, 1 + random.nextInt(4096));
                yield new Scenario("binary", "a binary frame of " + bytes.length + " random bytes",
                        ws -> ws.send(RawWebSocket.BINARY, bytes));
            }
            case 4 -> {
                byte[] bad = {'{', '"', (byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"',
                        '}'};
                yield new Scenario("invalid_utf8", "a text frame of invalid UTF-8 " + Escapes.bytes(bad, 80),
                        ws -> ws.send(RawWebSocket.TEXT, bad));
            }
            case 5 -> {
                int size = pick(List.of(70_000, 300_000, 1 << 20, 5 << 20));
                boolean text = random.nextBoolean();
                yield new Scenario("oversize", "one " + (text ? "text" : "binary") + " frame of " + size + " bytes",
                        ws -> ws.send(text ? RawWebSocket.TEXT : RawWebSocket.BINARY, json(size)));
            }
            case 6 -> {
                int pieces = pick(List.of(100, 1000));
                yield new Scenario("oversize_fragmented", "a text message in " + pieces + " fragments of 8 KiB",
                        ws -> {
                            for (int i = 0; i < pieces; i++) {
                                ws.frame(i == pieces - 1, 0, i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION,
                                        true, json(8192), -1);
                            }
                        });
            }
            case 7 -> new Scenario("unfinished_fragment", "a non-final text frame {\"resume (never continued)",
                    ws -> ws.frame(false, 0, RawWebSocket.TEXT, true, "{\"resume".getBytes(StandardCharsets.UTF_8),
                            -1));
            case 8 -> new Scenario("orphan_continuation", "a continuation frame with no message begun",
                    ws -> ws.frame(true, 0, RawWebSocket.CONTINUATION, true, "x".getBytes(StandardCharsets.UTF_8), -1));
            case 9 -> new Scenario("unmasked", "an unmasked text frame {}",
                    ws -> ws.frame(true, 0, RawWebSocket.TEXT, false, "{}".getBytes(StandardCharsets.UTF_8), -1));
            case 10 -> {
                int opcode = pick(List.of(0x3, 0x4, 0x7, 0xB, 0xF));
                yield new Scenario("reserved_opcode", "a frame with reserved opcode 0x" + Integer.toHexString(opcode),
                        ws -> ws.frame(true, 0, opcode, true, "{}".getBytes(StandardCharsets.UTF_8), -1));
            }
            case 11 -> {
                int rsv = 1 + random.nextInt(7);
                yield new Scenario("rsv_bits", "a text frame with RSV bits " + rsv + " and no extension",
                        ws -> ws.frame(true, rsv, RawWebSocket.TEXT, true, "{}".getBytes(StandardCharsets.UTF_8), -1));
            }
            case 12 -> {
                boolean fragmented = random.nextBoolean();
                yield new Scenario("bad_control", fragmented ? "a non-final ping" : "a ping of 200 bytes",
                        ws -> ws.frame(!fragmented, 0, RawWebSocket.PING, true, new byte[fragmented ? 4 : 200], -1));
            }
            case 13 -> {
                int pings = pick(List.of(1_000, 10_000, 50_000));
                yield new Scenario("ping_flood", pings + " pings in one write, unread", ws -> ws.raw(pings(pings)));
            }
            case 14 -> {
                int messages = pick(List.of(500, 5_000));
                yield new Scenario("message_flood", messages + " text frames {\"resume_from\":\"bad\"}, unread",
                        ws -> ws.raw(texts(messages, "{\"resume_from\":\"bad\"}")));
            }
            case 15 -> {
                byte[] payload = pick(List.of(new byte[] {0x03, (byte) 0xe7}, new byte[] {0x03, (byte) 0xed},
                        new byte[] {0x13, (byte) 0x88}, new byte[] {0x03}, new byte[] {0x03, (byte) 0xe8, (byte) 0xff}));
                yield new Scenario("bad_close", "a close frame with payload " + Escapes.bytes(payload, 40),
                        ws -> ws.send(RawWebSocket.CLOSE, payload));
            }
            default -> {
                boolean lie = random.nextBoolean();
                byte[] garbage = RawWebSocket.bytes(random, 1 + random.nextInt(512));
                yield lie
                        ? new Scenario("lying_length", "a text frame header claiming 2^62 bytes, then 10 bytes",
                                ws -> ws.frame(true, 0, RawWebSocket.TEXT, true, new byte[10], 1L << 62))
                        : new Scenario("garbage_bytes", garbage.length + " random bytes then 70000 zero bytes",
                                ws -> {
                                    ws.raw(garbage);
                                    ws.raw(new byte[70_000]);
                                });
            }
        };
    }

    /** A garbage upgrade request: refused with a 4xx, never a 5xx or a hang. */
    private String upgradeRequest(String host, int port, String token) {
        String key = "dGhlIHNhbXBsZSBub25jZQ==";
        String authority = "Host: " + host + ":" + port + "\r\n";
        String upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
        String request = switch (random.nextInt(8)) {
            case 0 -> "GET " + PATH + "?access_token=" + token + " HTTP/1.1\r\n" + authority + upgrade
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            case 1 -> "GET " + PATH + "?access_token=" + token + " HTTP/1.1\r\n" + authority + upgrade
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 99\r\n\r\n";
            case 2 -> "GET " + PATH + " HTTP/1.1\r\n" + authority + upgrade + "Sec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            case 3 -> "GET " + PATH + "?access_token=" + pick(List.of("%00%ff%fe", "a.b.c", "x".repeat(3000),
                    URLEncoder.encode("Bearer " + token, StandardCharsets.UTF_8), token + "tampered")) + " HTTP/1.1\r\n"
                    + authority + upgrade + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            case 4 -> "POST " + PATH + "?access_token=" + token + " HTTP/1.1\r\n" + authority + upgrade
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nContent-Length: 2\r\n\r\n{}";
            case 5 -> "GET " + PATH + "?access_token=" + token + "&resume_from=" + pick(List.of("x".repeat(3000),
                    "../../", "%00", "-1-1", "1-")) + " HTTP/1.1\r\n" + authority + upgrade + "Sec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            case 6 -> "GET " + PATH + "?access_token=" + token + " HTTP/1.1\r\n" + authority
                    + "Upgrade: h2c\r\nConnection: Upgrade\r\n\r\n";
            default -> "GET " + PATH + "?access_token=" + token + " HTTP/1.1\r\n" + authority + upgrade
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: "
                    + "p".repeat(pick(List.of(10, 5000))) + "\r\nSec-WebSocket-Extensions: permessage-deflate; "
                    + "client_max_window_bits=99\r\n\r\n";
        };
        return request;
    }

    private static Outcome upgrade(InetAddress source, String host, int port, String request, String token,
            Duration timeout, Random masks) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        String reproduction = Escapes.bytes(request.replace(token, "<user token>")
                .getBytes(StandardCharsets.ISO_8859_1), 400);
        try (RawWebSocket ws = RawWebSocket.open(source, host, port, bytes, timeout, masks)) {
            // Upgraded after all: it must then work as a WebSocket.
            return new Outcome("upgrade_accepted", reproduction, ws.probe(timeout), ws.received(), null);
        } catch (RawWebSocket.Refused e) {
            return new Outcome("upgrade_garbage", reproduction, null, List.of(), e.answer());
        } catch (IOException e) {
            return new Outcome("upgrade_garbage", reproduction + " [" + e + "]", RawWebSocket.Liveness.CLOSED,
                    List.of(), null);
        }
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String quote(String text) {
        return "'" + Escapes.shorten(text, 80) + "'";
    }

    /** Valid JSON of {@code size} bytes, so only its size is wrong. */
    private static byte[] json(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) ' ');
        bytes[0] = '{';
        bytes[size - 1] = '}';
        return bytes;
    }

    private static byte[] pings(int count) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            all.writeBytes(maskedFrame(RawWebSocket.PING, new byte[] {(byte) i}));
        }
        return all.toByteArray();
    }

    private static byte[] texts(int count, String text) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            all.writeBytes(maskedFrame(RawWebSocket.TEXT, payload));
        }
        return all.toByteArray();
    }

    /** A small final frame with a zero mask (a mask of zeros is still a mask). */
    private static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }
}
