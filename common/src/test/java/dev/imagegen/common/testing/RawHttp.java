package dev.imagegen.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 written by hand on a socket: the requests no HTTP library sends (broken framing, endless bodies). */
public final class RawHttp {

    private static final byte[] MEBIBYTE_CHUNK = ("100000\r\n" + "a".repeat(0x100000) + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    private RawHttp() {
    }

    /** Sends the bytes as they are and reads the answer until the server closes or 5 s pass. */
    public static String exchange(URL server, String request) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return answer(socket.getInputStream());
        }
    }

    /**
     * Sends {@code head} (ending in an empty line, with {@code Transfer-Encoding: chunked}), then a chunked body of
     * {@code mebibytes} MiB and, if {@code finished}, its last chunk; the server may answer and close before the
     * rest arrives. Returns the answer.
     */
    public static String sendChunked(URL server, String head, int mebibytes, boolean finished) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                for (int i = 0; i < mebibytes; i++) {
                    out.write(MEBIBYTE_CHUNK);
                }
                if (finished) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            } catch (IOException closedWhileSending) {
                // answered and closed before the rest arrived
            }
            return answer(socket.getInputStream());
        }
    }

    /** The answer until its problem body ends, the server closes, or the read times out. */
    private static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read; (read = in.read(buffer)) > 0; ) {
                answer.write(buffer, 0, read);
                if (answer.toString(StandardCharsets.ISO_8859_1).contains("}")) {
                    break; // a problem body is one JSON object
                }
            }
        } catch (SocketTimeoutException e) {
            // the answer so far is what the assertions judge
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }
}
