package dev.imagegen.gateway.ratelimit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** With the proxy trusted (as behind the ingress), each forwarded client has a sign-in bucket of its own. */
@QuarkusTest
@TestProfile(BehindProxyTest.TrustedProxy.class)
class BehindProxyTest {

    public static class TrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "imagegen.ratelimit.groups.auth.capacity", "1",
                    "imagegen.ratelimit.groups.auth.refill-per-minute", "1");
        }
    }

    @Test
    void countsTheForwardedClientNotTheProxy() {
        login("198.51.100.1").then().statusCode(401);
        login("198.51.100.1").then().statusCode(429);

        login("198.51.100.2").then().statusCode(401);
    }

    private static Response login(String client) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON)
                .body(Map.of("email", "someone@example.test", "password", "not their password"))
                .when().post("/auth/login");
    }
}
