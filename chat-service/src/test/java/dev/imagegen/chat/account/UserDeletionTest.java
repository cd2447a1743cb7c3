package dev.imagegen.chat.account;

import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class UserDeletionTest {

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    EventPublisher publisher;

    @Inject
    StreamsConfig streams;


    @Test
    void userDeletedErasesTheUsersThreadsAndMessagesOnly() {
        TestUser leaving = TestUser.create();
        TestUser bystander = TestUser.create();
        String thread = chat(leaving, "goodbye");
        chat(bystander, "still here");
        assertThat(rows(leaving)).isEqualTo(new Rows(1, 1));

        publish(UserEvent.deleted(leaving.id()));

        await().atMost(Duration.ofSeconds(30)).until(() -> rows(leaving).equals(new Rows(0, 0)));
        assertThat(rows(bystander)).isEqualTo(new Rows(1, 1));
        given().auth().oauth2(leaving.token()).when().get("/chat/threads/{id}/messages", thread)
                .then().statusCode(404);

        // Delivered again, it finds nothing left to do.
        publish(UserEvent.deleted(leaving.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.stream(String.class)
                .xpending(UserEvent.stream(streams), AccountEraser.GROUP).getPendingCount() == 0);
        assertThat(rows(bystander)).isEqualTo(new Rows(1, 1));
    }

    /** Opens a thread and posts one message in it. */
    private static String chat(TestUser user, String content) {
        String thread = given().auth().oauth2(user.token()).contentType(ContentType.JSON).body("{}")
                .when().post("/chat/threads").then().statusCode(201).extract().path("id");
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("content", content))
                .when().post("/chat/threads/{id}/messages", thread).then().statusCode(201);
        return thread;
    }

    private record Rows(long threads, long messages) {
    }

    private Rows rows(TestUser user) {
        var row = pool.preparedQuery("select (select count(*) from chat.threads where user_id = $1),"
                        + " (select count(*) from chat.messages where user_id = $1)")
                .execute(Tuple.of(user.id())).await().atMost(Duration.ofSeconds(5)).iterator().next();
        return new Rows(row.getLong(0), row.getLong(1));
    }

    private void publish(UserEvent event) {
        publisher.publish(event).await().atMost(Duration.ofSeconds(5));
    }
}
