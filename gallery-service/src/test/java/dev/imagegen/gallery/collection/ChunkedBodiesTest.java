package dev.imagegen.gallery.collection;

import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A body of unknown length (chunked) is taken up to the service's limit and refused past it like a declared one:
 * a 413 problem, not the HTTP layer's bare 413 (nor an error in the log for the client's oversize body).
 */
@QuarkusTest
class ChunkedBodiesTest {

    @TestHTTPResource("/")
    URL gallery;

    @Test
    void aChunkedBodyWithinTheLimitIsTakenAsAnyOther() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(TestTokens.valid(user)).contentType("application/json")
                // a stream of unknown length goes out chunked
                .body(new ByteArrayInputStream("{\"name\":\"Streams\"}".getBytes(StandardCharsets.UTF_8)))
                .when().post("/collections")
                .then().statusCode(201).body("name", equalTo("Streams"));
    }

    @Test
    void aChunkedBodyPastTheLimitIsA413Problem() throws IOException {
        String token = TestTokens.valid(UUID.randomUUID());
        try (Socket socket = new Socket(gallery.getHost(), gallery.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /collections HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "9\r\n{\"name\":\"\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("100000\r\n" + "a".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < 12; i++) {
                    out.write(chunk); // 12 MiB, above the 10 MiB limit
                }
            } catch (IOException closedWhileSending) {
                // the service answered and closed before the rest arrived
            }
            String answer = answer(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"code\":\"too_large\"");
        }
    }

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
