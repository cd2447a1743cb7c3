package dev.imagegen.chat.message;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.imagegen.common.testing.TestUser;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;

/** What the message tests do over HTTP, and the answers generation-service gives. */
final class ChatApi {

    private ChatApi() {
    }

    static String openThread(TestUser user) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body("{}")
                .post("/chat/threads").then().statusCode(201).extract().path("id");
    }

    static JsonPath post(TestUser user, String threadId, String content) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("content", content))
                .post("/chat/threads/{id}/messages", threadId).then().statusCode(201).extract().jsonPath();
    }

    static JsonPath messages(TestUser user, String threadId) {
        return given().auth().oauth2(user.token()).queryParam("size", 200)
                .get("/chat/threads/{id}/messages", threadId).then().statusCode(200).extract().jsonPath();
    }

    /** generation-service accepts the job for this thread and answers its task id. */
    static UUID accepts(WireMockServer generation, String threadId) {
        UUID taskId = UUID.randomUUID();
        generation.stubFor(generate(threadId).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"task_id\":\"" + taskId + "\",\"status\":\"pending\",\"estimated_time\":15}")));
        return taskId;
    }

    /** generation-service refuses the job for this thread with a problem+json body. */
    static void refuses(WireMockServer generation, String threadId, int status, String problem) {
        generation.stubFor(generate(threadId).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/problem+json").withBody(problem)));
    }

    static MappingBuilder generate(String threadId) {
        return WireMock.post(urlEqualTo("/images/generate"))
                .withRequestBody(matchingJsonPath("$.thread_id", equalTo(threadId)));
    }
}
