package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** Without a valid token nothing answers, over HTTP or WebSocket. */
@ExtendWith(Suite.class)
class AccessIT {

    @ParameterizedTest
    @ValueSource(strings = { "none", "garbage", "expired", "stranger", "issuer" })
    void refusesRequestsWithoutAValidToken(String kind) throws Exception {
        String token = switch (kind) {
            case "garbage" -> "not.a.token";
            case "expired" -> Tokens.expired();
            case "stranger" -> Tokens.signedByAStranger();
            case "issuer" -> Tokens.foreignIssuer();
            default -> null;
        };
        var request = given().baseUri(Suite.GATEWAY);
        if (token != null) {
            request.auth().oauth2(token);
        }
        request.contentType(ContentType.JSON).body(Map.of("prompt", "a cat"))
                .when().post("/images/generate")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        var read = given().baseUri(Suite.GATEWAY);
        if (token != null) {
            read.auth().oauth2(token);
        }
        read.when().get("/images/tasks/{id}/status", UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void eachServiceChecksTokensItselfToo() throws Exception {
        String expired = Tokens.expired();
        Map<Integer, String> userApis = Map.of(
                Suite.BASE_PORT + 1, "/images/tasks/" + UUID.randomUUID() + "/status",
                Suite.BASE_PORT + 3, "/images/" + UUID.randomUUID(),
                Suite.BASE_PORT + 4, "/chat/threads");
        userApis.forEach((port, path) -> given().baseUri("http://127.0.0.1:" + port).auth().oauth2(expired)
                .when().get(path).then().statusCode(401));
    }

    @Test
    void refusesAWebSocketWithoutAValidToken() {
        assertThatThrownBy(() -> ProgressSocket.openWith("not.a.token")).isInstanceOf(CompletionException.class);
        assertThatThrownBy(() -> ProgressSocket.openWith(Tokens.expired())).isInstanceOf(CompletionException.class);
    }
}
