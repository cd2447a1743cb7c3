package dev.imagegen.chaos.abuse;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: the request goes out byte for byte as written (an HTTP client would fix the very
 * framing the tests break), and the first answer is read within a deadline. The body is written on its own thread,
 * so a server that answers before reading it (413, 401) is heard even while the client is still sending.
 */
public final class RawHttp {

    /** How much of an answer's body is kept: enough for any problem document. */
    private static final int KEPT_BODY = 64 * 1024;

    private RawHttp() {
    }

    /** What became of a request. */
    public enum Outcome {
        /** A complete answer arrived. */
        ANSWERED,
        /** The server closed the connection without a complete answer. */
        CLOSED,
        /** Neither an answer nor a close within the deadline. */
        HUNG
    }

    /**
     * @param headers names in lower case, values in order of arrival
     * @param body    at most {@link #KEPT_BODY} bytes of it
     */
    public record Answer(Outcome outcome, int status, Map<String, List<String>> headers, byte[] body, long millis) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return outcome == Outcome.ANSWERED
                    ? status + " " + header("content-type") + " " + Escapes.shorten(bodyText(), 200)
                    : outcome + " after " + millis + " ms";
        }
    }

    /** Sends {@code request} from {@code source} (a loopback address of this machine) and reads the first answer. */
    public static Answer send(InetAddress source, String host, int port, HostileRequest request, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            Thread writer = new Thread(() -> write(socket, request), "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                Answer answer = read(new BufferedInputStream(socket.getInputStream()), deadline, socket, start,
                        request.head());
                writer.interrupt();
                return answer;
            } finally {
                socket.close(); // also ends a writer still blocked on a server that stopped reading
                writer.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            return new Answer(Outcome.CLOSED, 0, Map.of(), new byte[0], elapsed(start));
        }
    }

    private static void write(Socket socket, HostileRequest request) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request.head());
            for (long i = 0; i < request.bodyRepeat(); i++) {
                out.write(request.bodyChunk());
            }
            if (request.tail() != null) {
                out.write(request.tail());
            }
            out.flush();
            if (request.halfClose()) {
                socket.shutdownOutput(); // the client is done, though it sent less than it declared
            }
        } catch (IOException e) {
            // The server answered or closed before taking the whole body: the reader sees which.
        }
    }

    static Answer read(InputStream in, long deadline, Socket socket, long start, byte[] head)
            throws IOException {
        boolean headRequest = new String(head, 0, Math.min(5, head.length), StandardCharsets.ISO_8859_1)
                .startsWith("HEAD ");
        Reader reader = new Reader(in, socket, deadline);
        try {
            while (true) {
                String statusLine = reader.line();
                if (statusLine == null) {
                    return new Answer(Outcome.CLOSED, 0, Map.of(), new byte[0], elapsed(start));
                }
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    throw new IOException("not an HTTP answer: " + Escapes.shorten(statusLine, 80));
                }
                int status = Integer.parseInt(parts[1]);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (String line = reader.line(); line != null && !line.isEmpty(); line = reader.line()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
                    }
                }
                if (status >= 100 && status < 200 && status != 101) {
                    continue; // 100 Continue and friends come before the real answer
                }
                byte[] body = headRequest || status == 204 || status == 304 || status == 101
                        ? new byte[0] : reader.body(headers);
                if (body == null) {
                    return new Answer(Outcome.CLOSED, status, headers, new byte[0], elapsed(start));
                }
                return new Answer(Outcome.ANSWERED, status, headers, body, elapsed(start));
            }
        } catch (SocketTimeoutException e) {
            return new Answer(Outcome.HUNG, 0, Map.of(), new byte[0], elapsed(start));
        } catch (IOException e) {
            return new Answer(Outcome.CLOSED, 0, Map.of(), new byte[0], elapsed(start));
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Reads lines and bodies, each read bounded by what is left of the deadline. */
    private static final class Reader {

        private final InputStream in;
        private final Socket socket;
        private final long deadline;

        Reader(InputStream in, Socket socket, long deadline) {
            this.in = in;
            this.socket = socket;
            this.deadline = deadline;
        }

        private int next() throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout((int) Math.max(1, left));
            return in.read();
        }

        /** A line without its CRLF, or {@code null} at the end of the stream. */
        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = next()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }

        /** The body by Content-Length, chunks or close; {@code null} when the stream ends before it is whole. */
        byte[] body(Map<String, List<String>> headers) throws IOException {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
            List<String> length = headers.getOrDefault("content-length", List.of());
            if (encoding.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).contains("chunked"))) {
                while (true) {
                    String size = line();
                    if (size == null) {
                        return null;
                    }
                    long chunk = Long.parseLong(size.split(";")[0].trim(), 16);
                    if (chunk == 0) {
                        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                            // trailers are not needed
                        }
                        return kept.toByteArray();
                    }
                    if (!copy(chunk, kept) || line() == null) {
                        return null;
                    }
                }
            }
            if (!length.isEmpty()) {
                return copy(Long.parseLong(length.get(0).trim()), kept) ? kept.toByteArray() : null;
            }
            for (int b = next(); b != -1; b = next()) {
                if (kept.size() < KEPT_BODY) {
                    kept.write(b);
                }
            }
            return kept.toByteArray();
        }

        private boolean copy(long count, ByteArrayOutputStream kept) throws IOException {
            for (long i = 0; i < count; i++) {
                int b = next();
                if (b == -1) {
                    return false;
                }
                if (kept.size() < KEPT_BODY) {
                    kept.write(b);
                }
            }
            return true;
        }
    }
}
