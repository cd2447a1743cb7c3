package dev.imagegen.chaos.abuse;

import java.nio.charset.StandardCharsets;

/**
 * One generated request, as the bytes that go on the wire: a head, then {@code bodyRepeat} times {@code bodyChunk}
 * (so a body of many megabytes is not held in memory), then {@code tail}.
 *
 * @param kind      the family of abuse, for the tally (e.g. {@code json_malformed}, {@code path_tricks})
 * @param framing   whether the request itself breaks HTTP/1.1 framing (request line, header syntax, conflicting
 *                  lengths): the HTTP layer may refuse it before any route, possibly without a body
 * @param halfClose whether the client shuts its side after sending (a body shorter than it declared)
 */
public record HostileRequest(String kind, boolean framing, byte[] head, byte[] bodyChunk, long bodyRepeat,
        byte[] tail, boolean halfClose) {

    /** A request whose head and body are given whole. */
    static HostileRequest of(String kind, boolean framing, byte[] head, byte[] body) {
        return new HostileRequest(kind, framing, head, body, 1, null, false);
    }

    /** How many body bytes follow the head. */
    public long bodyLength() {
        return (long) bodyChunk.length * bodyRepeat + (tail == null ? 0 : tail.length);
    }

    /** The request as a reader can reproduce it: its head escaped, and the start of its body. */
    public String reproduction() {
        String head = Escapes.bytes(this.head, 2000);
        String body = bodyLength() == 0 ? "(no body)"
                : bodyRepeat > 1
                        ? bodyRepeat + " x [" + Escapes.bytes(bodyChunk, 80) + "]"
                                + (tail == null ? "" : " + [" + Escapes.bytes(tail, 80) + "]")
                        : Escapes.bytes(bodyChunk, 400) + (tail == null ? "" : Escapes.bytes(tail, 80));
        return Escapes.redactTokens(head) + " BODY(" + bodyLength() + " bytes): " + body
                + (halfClose ? " then half-close" : "");
    }

    @Override
    public String toString() {
        return kind + ": " + new String(head, 0, Math.min(120, head.length), StandardCharsets.ISO_8859_1)
                .split("\r\n")[0];
    }
}
