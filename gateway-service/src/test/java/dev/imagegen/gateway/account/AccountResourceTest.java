package dev.imagegen.gateway.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class AccountResourceTest {

    private static final String PASSWORD = "correct horse battery";

    @Inject
    RedisDataSource redis;

    @Inject
    StreamsConfig streams;

    @Inject
    ObjectMapper json;

    @Test
    void deletingTheAccountRemovesTheLoginAndAnnouncesUserDeleted() throws IOException {
        String email = "gone-" + UUID.randomUUID() + "@example.test";
        String id = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/register").then().statusCode(201).extract().path("id");
        String token = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/login").then().statusCode(200).extract().path("access_token");

        given().auth().oauth2(token).when().delete("/me").then().statusCode(204);

        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/login").then().statusCode(401);
        List<JsonNode> announced = new ArrayList<>();
        for (var entry : redis.stream(String.class).xrange(UserEvent.stream(streams), StreamRange.of("-", "+"))) {
            announced.add(json.readTree(entry.payload().get(EventPublisher.PAYLOAD)));
        }
        assertThat(announced).anySatisfy(event -> {
            assertThat(event.get("type").asText()).isEqualTo("user_deleted");
            assertThat(event.get("user_id").asText()).isEqualTo(id);
            assertThat(event.get("v").asInt()).isEqualTo(1);
        });
    }

    @Test
    void needsAToken() {
        given().when().delete("/me").then().statusCode(401).contentType("application/problem+json");
    }
}
