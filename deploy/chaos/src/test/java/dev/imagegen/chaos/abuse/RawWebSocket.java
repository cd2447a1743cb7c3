package dev.imagegen.chaos.abuse;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A WebSocket client over a plain socket (RFC 6455), able to send what no library would: unmasked frames, reserved
 * opcodes and bits, lengths that lie, control frames too long or fragmented, invalid UTF-8.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** A frame the server sent. */
    public record Frame(int opcode, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, or -1 when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    /** Whether the connection still works after something was sent, and what the server said meanwhile. */
    public enum Liveness {
        /** A pong answered the probe ping. */
        ALIVE,
        /** The server sent a close frame or closed the connection. */
        CLOSED,
        /** Neither within the deadline. */
        HUNG
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Random masks;
    private final List<Frame> received = new ArrayList<>();

    private RawWebSocket(Socket socket, Random masks) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.masks = masks;
    }

    /**
     * Opens {@code pathAndQuery} with the upgrade {@code head} (the request line and the Host/Upgrade headers are
     * written here; {@code extraHeaders} are added as given, each ending with CRLF). Answers the socket after a 101,
     * or throws {@link Refused} with the server's answer.
     */
    public static RawWebSocket open(InetAddress source, String host, int port, String method, String pathAndQuery,
            String extraHeaders, Duration timeout, Random masks) throws IOException, Refused {
        String key = Base64.getEncoder().encodeToString(bytes(masks, 16));
        String head = method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
        return open(source, host, port, head.getBytes(StandardCharsets.ISO_8859_1), timeout, masks);
    }

    /** Opens with an upgrade request written whole by the caller. */
    public static RawWebSocket open(InetAddress source, String host, int port, byte[] upgrade, Duration timeout,
            Random masks) throws IOException, Refused {
        HostileRequest request = HostileRequest.of("websocket", false, upgrade, new byte[0]);
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.getOutputStream().write(upgrade);
            RawWebSocket ws = new RawWebSocket(socket, masks);
            RawHttp.Answer answer = ws.readHandshake(timeout, request);
            if (answer.outcome() != RawHttp.Outcome.ANSWERED || answer.status() != 101) {
                socket.close();
                throw new Refused(answer);
            }
            socket.setSoTimeout(0);
            return ws;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The upgrade was answered with anything but 101 (or not at all). */
    public static final class Refused extends Exception {

        private final transient RawHttp.Answer answer;

        Refused(RawHttp.Answer answer) {
            super("upgrade refused: " + answer);
            this.answer = answer;
        }

        public RawHttp.Answer answer() {
            return answer;
        }
    }

    private RawHttp.Answer readHandshake(Duration timeout, HostileRequest request) throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!endsWithBlankLine(head)) {
                int b = readByte(deadline);
                if (b == -1) {
                    return new RawHttp.Answer(RawHttp.Outcome.CLOSED, 0, Map.of(), new byte[0],
                            (System.nanoTime() - start) / 1_000_000);
                }
                head.write(b);
            }
        } catch (SocketTimeoutException e) {
            return new RawHttp.Answer(RawHttp.Outcome.HUNG, 0, Map.of(), new byte[0],
                    (System.nanoTime() - start) / 1_000_000);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.split(" ", 3)[1]);
        if (status == 101) {
            return new RawHttp.Answer(RawHttp.Outcome.ANSWERED, 101, Map.of(), new byte[0],
                    (System.nanoTime() - start) / 1_000_000);
        }
        // A refusal: read as a whole HTTP answer, body included, the head already read first.
        InputStream replay = new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), in);
        return RawHttp.read(replay, deadline, socket, start, request.head());
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
        byte[] b = head.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    private int readByte(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline");
        }
        socket.setSoTimeout((int) Math.max(1, left));
        return in.read();
    }

    /** Writes one frame as described; {@code lengthOverride} >= 0 lies about the payload's length. */
    public void frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload, long lengthOverride)
            throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode & 0xf);
        long length = lengthOverride >= 0 ? lengthOverride : payload.length;
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            frame.write(mask | (int) length);
        } else if (length <= 0xffff) {
            frame.write(mask | 126);
            frame.write((int) (length >> 8) & 0xff);
            frame.write((int) length & 0xff);
        } else {
            frame.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >> shift) & 0xff);
            }
        }
        byte[] body = payload;
        if (masked) {
            byte[] key = bytes(masks, 4);
            frame.writeBytes(key);
            body = payload.clone();
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i % 4];
            }
        }
        out.write(frame.toByteArray());
        out.write(body);
        out.flush();
    }

    /** A well-formed, masked, final frame. */
    public void send(int opcode, byte[] payload) throws IOException {
        frame(true, 0, opcode, true, payload, -1);
    }

    public void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes as they are, frames or not. */
    public void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Sends a ping with a fresh payload and reads until its pong, a close, or the deadline. Every frame read on
     * the way is kept (see {@link #received()}); the server's own pings are answered.
     */
    public Liveness probe(Duration timeout) {
        byte[] nonce = bytes(masks, 8);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            send(PING, nonce);
            while (true) {
                Frame frame = read(deadline);
                if (frame == null || frame.opcode() == CLOSE) {
                    return Liveness.CLOSED;
                }
                if (frame.opcode() == PONG && Arrays.equals(frame.payload(), nonce)) {
                    return Liveness.ALIVE;
                }
                if (frame.opcode() == PING) {
                    send(PONG, frame.payload());
                }
            }
        } catch (SocketTimeoutException e) {
            return Liveness.HUNG;
        } catch (IOException e) {
            return Liveness.CLOSED;
        }
    }

    /** Reads until the server closes (a close frame or the end of the stream) or the deadline; true if it closed. */
    public boolean awaitClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Frame frame = read(deadline);
                if (frame == null || frame.opcode() == CLOSE) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Every frame the server sent so far, pongs and close included. */
    public List<Frame> received() {
        return List.copyOf(received);
    }

    /** The next frame, or {@code null} at the end of the stream. */
    private Frame read(long deadline) throws IOException {
        int first = readByte(deadline);
        if (first == -1) {
            return null;
        }
        int second = readByte(deadline);
        if (second == -1) {
            return null;
        }
        long length = second & 0x7f;
        if (length == 126) {
            length = (readByte(deadline) << 8) | readByte(deadline);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(deadline);
            }
        }
        if ((second & 0x80) != 0) {
            for (int i = 0; i < 4; i++) {
                readByte(deadline); // a server must not mask; the mask is skipped if it does
            }
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (long i = 0; i < length; i++) {
            int b = readByte(deadline);
            if (b == -1) {
                return null;
            }
            if (payload.size() < 64 * 1024) {
                payload.write(b);
            }
        }
        Frame frame = new Frame(first & 0xf, payload.toByteArray());
        received.add(frame);
        return frame;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }

    static byte[] bytes(Random random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
