package dev.imagegen.chat.message;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.common.testing.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.imagegen.chat.message.ChatApi.accepts;
import static dev.imagegen.chat.message.ChatApi.messages;
import static dev.imagegen.chat.message.ChatApi.openThread;
import static dev.imagegen.chat.message.ChatApi.post;
import static dev.imagegen.chat.message.ChatApi.refuses;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(GenerationWireMockResource.class)
class MessageResourceTest {

    @InjectWireMock
    WireMockServer generation;

    @Test
    void aPlainMessageIsKeptAndNamesAnUntitledThread() {
        TestUser user = TestUser.create();
        String thread = openThread(user);

        JsonPath posted = post(user, thread, "  Hello, café ☕  ");
        assertThat(posted.getString("message.role")).isEqualTo("user");
        assertThat(posted.getString("message.content")).isEqualTo("Hello, café ☕");
        assertThat(posted.getString("message.created_at")).isNotBlank();
        assertThat(posted.getList("replies")).isEmpty();

        post(user, thread, "second message");
        given().auth().oauth2(user.token()).get("/chat/threads/{id}", thread)
                .then().statusCode(200).body("title", org.hamcrest.Matchers.equalTo("Hello, café ☕"));
    }

    @Test
    void listsPagesOfMessagesNewestPageFirstOldestFirstWithinAPage() {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        for (String content : List.of("one", "two", "three", "four", "five")) {
            post(user, thread, content);
        }
        JsonPath first = given().auth().oauth2(user.token()).queryParam("size", 2)
                .get("/chat/threads/{id}/messages", thread).then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.content")).containsExactly("four", "five");
        assertThat(first.getInt("total")).isEqualTo(5);
        JsonPath third = given().auth().oauth2(user.token()).queryParam("size", 2).queryParam("page", 3)
                .get("/chat/threads/{id}/messages", thread).then().statusCode(200).extract().jsonPath();
        assertThat(third.getList("items.content")).containsExactly("one");
    }

    @Test
    void helpAndMistakesGetAnAssistantReplyNotAnError() {
        TestUser user = TestUser.create();
        String thread = openThread(user);

        assertThat(post(user, thread, "/help").getString("replies[0].content")).contains("/image", "--size");
        assertThat(post(user, thread, "/draw a cat").getString("replies[0].content"))
                .isEqualTo("Unknown command /draw. Type /help to see the commands.");
        JsonPath empty = post(user, thread, "/image");
        assertThat(empty.getString("replies[0].role")).isEqualTo("assistant");
        assertThat(empty.getString("replies[0].content")).startsWith("Tell me what to draw");
        assertThat(post(user, thread, "/image a cat --count 3").getString("replies[0].content"))
                .startsWith("Unknown option --count").contains("--n <count>");
        assertThat(post(user, thread, "/image a cat --n").getString("replies[0].content"))
                .startsWith("--n needs a value");

        assertThat(messages(user, thread).getList("items.role")).containsExactly("user", "assistant", "user",
                "assistant", "user", "assistant", "user", "assistant", "user", "assistant");
        generation.verify(0, postRequestedFor(urlEqualTo("/images/generate"))
                .withRequestBody(matchingJsonPath("$.thread_id", equalTo(thread))));
    }

    @Test
    void imageAsksGenerationServiceAsTheUserForThisThread() {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        UUID task = accepts(generation, thread);

        JsonPath posted = post(user, thread, "/image --n 3 a cute golden retriever puppy playing in a garden "
                + "--size 1536x1024 --quality xhigh --transparent --format webp --compression 80 --moderation low "
                + "--model gpt-image-2.6-sunburst");
        assertThat(posted.getString("replies[0].content"))
                .isEqualTo("🎨 Generating 3 images: \"a cute golden retriever puppy playing in a garden\"");
        assertThat(posted.getString("replies[0].task_id")).isEqualTo(task.toString());
        assertThat(posted.getString("replies[0].status")).isEqualTo("pending");

        generation.verify(postRequestedFor(urlEqualTo("/images/generate"))
                .withHeader("Authorization", equalTo("Bearer " + user.token()))
                .withRequestBody(equalToJson("""
                        {"prompt": "a cute golden retriever puppy playing in a garden", "size": "1536x1024",
                         "quality": "xhigh", "model": "gpt-image-2.6-sunburst", "thread_id": "%s", "n": 3,
                         "background": "transparent", "output_format": "webp", "output_compression": 80,
                         "moderation": "low"}
                        """.formatted(thread))));
        given().auth().oauth2(user.token()).get("/chat/threads/{id}", thread).then().statusCode(200)
                .body("title", org.hamcrest.Matchers.equalTo("a cute golden retriever puppy playing in a garden"));
    }

    @Test
    void aQuotaRefusalBecomesTheReply() {
        assertRefusalReply(429, """
                {"type":"urn:imagegen:quota_exceeded","title":"Too Many Requests","status":429,
                 "detail":"Daily limit of 50 images reached; it resets at midnight UTC","code":"quota_exceeded"}""",
                "⚠️ The image could not be generated: Daily limit of 50 images reached; it resets at midnight UTC",
                "quota_exceeded");
    }

    @Test
    void aContentPolicyRefusalBecomesTheReply() {
        assertRefusalReply(400, """
                {"type":"urn:imagegen:content_policy","title":"Bad Request","status":400,
                 "detail":"The prompt was refused by the content policy","code":"content_policy"}""",
                "⚠️ The image could not be generated: The prompt was refused by the content policy",
                "content_policy");
    }

    @Test
    void theSeedsShorthandsReachGenerationServiceAsTodaysOptions() {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        accepts(generation, thread);

        post(user, thread, "/image a fox --hd --natural --model dall-e-3");
        generation.verify(postRequestedFor(urlEqualTo("/images/generate")).withRequestBody(equalToJson("""
                {"prompt": "a fox", "quality": "high", "style": "natural", "model": "dall-e-3", "thread_id": "%s"}
                """.formatted(thread))));
    }

    @Test
    void optionsTheModelRefusesComeBackAsTheReply() {
        assertRefusalReply(422, """
                {"type":"urn:imagegen:validation","title":"Unprocessable Content","status":422,
                 "detail":"The request is invalid: n must be between 1 and 10 for gpt-image-2.6-flare; background transparent needs output_format png or webp",
                 "code":"validation","errors":[{"field":"n","message":"must be between 1 and 10 for gpt-image-2.6-flare"},
                 {"field":"background","message":"transparent needs output_format png or webp"}]}""",
                "/image a fox --n 11 --transparent --format jpeg",
                "⚠️ The image could not be generated: The request is invalid: n must be between 1 and 10 for "
                        + "gpt-image-2.6-flare; background transparent needs output_format png or webp",
                "validation");
        generation.verify(postRequestedFor(urlEqualTo("/images/generate"))
                .withRequestBody(matchingJsonPath("$.n", equalTo("11")))
                .withRequestBody(matchingJsonPath("$.output_format", equalTo("jpeg"))));
    }

    @Test
    void anUnavailableGenerationServiceBecomesTheReply() {
        assertRefusalReply(503, """
                {"type":"about:blank","title":"Service Unavailable","status":503,"detail":"down"}""",
                "⚠️ The image could not be generated: The image service is unavailable right now; please try "
                        + "again shortly.",
                "upstream_unavailable");
    }

    @Test
    void anUnreachableGenerationServiceBecomesTheReply() {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        generation.stubFor(ChatApi.generate(thread)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        JsonPath posted = post(user, thread, "/image a fox");
        assertThat(posted.getString("replies[0].content")).isEqualTo("⚠️ The image could not be generated: "
                + "The image service is unavailable right now; please try again shortly.");
        assertThat(posted.getString("replies[0].status")).isEqualTo("failed");
    }

    private void assertRefusalReply(int status, String problem, String content, String code) {
        assertRefusalReply(status, problem, "/image a fox --size landscape", content, code);
    }

    private void assertRefusalReply(int status, String problem, String command, String content, String code) {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        refuses(generation, thread, status, problem);

        JsonPath posted = post(user, thread, command);
        assertThat(posted.getString("replies[0].content")).isEqualTo(content);
        assertThat(posted.getString("replies[0].status")).isEqualTo("failed");
        assertThat(posted.getString("replies[0].error_code")).isEqualTo(code);
        assertThat(posted.getString("replies[0].task_id")).isNull();
        assertThat(messages(user, thread).getList("items.content")).containsExactly(command, content);
    }

    @Test
    void refusesEmptyAndOverlongMessages() {
        TestUser user = TestUser.create();
        String thread = openThread(user);
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("content", "  "))
                .post("/chat/threads/{id}/messages", thread)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("content"));
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("content", "é".repeat(MessageService.MAX_CONTENT + 1)))
                .post("/chat/threads/{id}/messages", thread)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("content"));
        // 4000 characters, each two UTF-16 units: the limit counts characters, not units.
        post(user, thread, "🐶".repeat(MessageService.MAX_CONTENT));
    }

    @Test
    void anotherUsersThreadAndMessagesAreNotFound() {
        TestUser owner = TestUser.create();
        String thread = openThread(owner);
        post(owner, thread, "private");
        TestUser stranger = TestUser.create();

        given().auth().oauth2(stranger.token()).get("/chat/threads/{id}/messages", thread)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(stranger.token()).contentType(ContentType.JSON).body(Map.of("content", "hi"))
                .post("/chat/threads/{id}/messages", thread)
                .then().statusCode(404);
        given().auth().oauth2(stranger.token()).contentType(ContentType.JSON).body(Map.of("content", "/image x"))
                .post("/chat/threads/{id}/messages", thread)
                .then().statusCode(404);
        given().auth().oauth2(owner.token()).get("/chat/threads/{id}/messages", UUID.randomUUID())
                .then().statusCode(404);
        assertThat(messages(owner, thread).getList("items.content")).containsExactly("private");
    }
}
