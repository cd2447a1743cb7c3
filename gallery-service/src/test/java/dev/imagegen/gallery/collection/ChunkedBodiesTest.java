package dev.imagegen.gallery.collection;

import dev.imagegen.common.testing.RawHttp;
import dev.imagegen.common.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
        String answer = RawHttp.sendChunked(gallery, "POST /collections HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestTokens.valid(UUID.randomUUID()) + "\r\nContent-Type: application/json"
                + "\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{\"name\":\"\r\n", 12, false); // > 10 MiB

        assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"too_large\"");
    }
}
