package dev.imagegen.chat.thread;

import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ThreadResourceTest {

    @Test
    void opensAThreadWithOrWithoutATitle() {
        TestUser user = TestUser.create();
        var created = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("title", "  Puppies  "))
                .when().post("/chat/threads")
                .then().statusCode(201)
                .body("title", equalTo("Puppies"))
                .body("created_at", notNullValue())
                .extract();
        assertThat(created.header("Location")).endsWith("/chat/threads/" + created.path("id"));

        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body("{}")
                .when().post("/chat/threads")
                .then().statusCode(201).body("title", nullValue());
    }

    @Test
    void refusesATitleOver200Characters() {
        given().auth().oauth2(TestUser.create().token()).contentType(ContentType.JSON)
                .body(Map.of("title", "t".repeat(201)))
                .when().post("/chat/threads")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("title"));
    }

    @Test
    void listsOnlyTheCallersThreadsNewestFirstPageByPage() {
        TestUser user = TestUser.create();
        for (String title : List.of("first", "second", "third")) {
            given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("title", title))
                    .post("/chat/threads").then().statusCode(201);
        }
        TestUser stranger = TestUser.create();
        given().auth().oauth2(stranger.token()).contentType(ContentType.JSON).body(Map.of("title", "mine"))
                .post("/chat/threads").then().statusCode(201);

        given().auth().oauth2(user.token()).queryParam("size", 2)
                .when().get("/chat/threads")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("page", equalTo(1))
                .body("items.title", equalTo(List.of("third", "second")));
        given().auth().oauth2(user.token()).queryParam("size", 2).queryParam("page", 2)
                .when().get("/chat/threads")
                .then().statusCode(200)
                .body("items.title", equalTo(List.of("first")));
        given().auth().oauth2(user.token()).queryParam("page", 3).queryParam("size", 2)
                .when().get("/chat/threads")
                .then().statusCode(200)
                .body("items", equalTo(List.of()));
    }

    @Test
    void refusesPageSizesOutOfRange() {
        given().auth().oauth2(TestUser.create().token()).queryParam("size", 101)
                .when().get("/chat/threads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("size"));
        given().auth().oauth2(TestUser.create().token()).queryParam("page", 0)
                .when().get("/chat/threads")
                .then().statusCode(400);
    }

    @Test
    void readsRenamesAndDeletesAThread() {
        TestUser user = TestUser.create();
        String id = given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("title", "old"))
                .post("/chat/threads").then().statusCode(201).extract().path("id");

        given().auth().oauth2(user.token()).get("/chat/threads/{id}", id)
                .then().statusCode(200).body("id", equalTo(id)).body("title", equalTo("old"));
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("title", " new name "))
                .when().patch("/chat/threads/{id}", id)
                .then().statusCode(200).body("title", equalTo("new name"));
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("title", " "))
                .when().patch("/chat/threads/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("title"));
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("content", "hello"))
                .post("/chat/threads/{id}/messages", id).then().statusCode(201);

        given().auth().oauth2(user.token()).delete("/chat/threads/{id}", id).then().statusCode(204);
        given().auth().oauth2(user.token()).get("/chat/threads/{id}", id).then().statusCode(404);
        given().auth().oauth2(user.token()).get("/chat/threads/{id}/messages", id).then().statusCode(404);
        given().auth().oauth2(user.token()).delete("/chat/threads/{id}", id).then().statusCode(404);
    }

    @Test
    void anotherUsersThreadIsNotFound() {
        TestUser owner = TestUser.create();
        String id = given().auth().oauth2(owner.token()).contentType(ContentType.JSON).body(Map.of("title", "mine"))
                .post("/chat/threads").then().statusCode(201).extract().path("id");
        TestUser stranger = TestUser.create();

        given().auth().oauth2(stranger.token()).get("/chat/threads/{id}", id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(stranger.token()).contentType(ContentType.JSON).body(Map.of("title", "taken"))
                .patch("/chat/threads/{id}", id).then().statusCode(404);
        given().auth().oauth2(stranger.token()).delete("/chat/threads/{id}", id).then().statusCode(404);
        given().auth().oauth2(owner.token()).get("/chat/threads/{id}", id)
                .then().statusCode(200).body("title", equalTo("mine"));
        given().auth().oauth2(owner.token()).get("/chat/threads/{id}", "not-a-uuid").then().statusCode(404);
    }

    @Test
    void requiresAToken() {
        given().when().get("/chat/threads").then().statusCode(401).contentType("application/problem+json");
    }
}
