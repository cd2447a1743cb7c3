package dev.imagegen.generation.account;

import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class UserDeletionTest {

    private static final String ADMIN = Jwt.issuer("imagegen").subject(UUID.randomUUID().toString())
            .upn("admin@example.test").groups(Set.of("user", "admin")).sign();

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    EventPublisher publisher;

    @Inject
    StreamsConfig streams;

    @Inject
    StreamKeys keys;


    @Test
    void userDeletedErasesTheUsersJobsKeysUsageAndLimitsOnly() {
        TestUser leaving = TestUser.create();
        TestUser bystander = TestUser.create();
        for (TestUser user : new TestUser[] { leaving, bystander }) {
            submit(user, "a lighthouse at dusk", UUID.randomUUID().toString()).then().statusCode(202);
            submit(user, "a blood bath", null).then().statusCode(422);
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("daily_images", 1))
                    .when().put("/admin/users/{id}/limits", user.id()).then().statusCode(204);
            submit(user, "a second lighthouse", null).then().statusCode(429);
            // A spend alert needs settled spend near the monthly limit; its row is what matters here.
            pool.preparedQuery("insert into generation.spend_alerts (user_id, month, spend, monthly_limit, created_at)"
                    + " values ($1, '2026-11', 9, 10, now())").execute(Tuple.of(user.id())).await().indefinitely();
        }
        assertOneRowEach(leaving.id());
        assertThat(streamEntriesOf(leaving.id())).isPositive();

        publish(UserEvent.deleted(leaving.id()));

        await().atMost(Duration.ofSeconds(30)).until(() -> rows(leaving.id()).values().stream()
                .allMatch(count -> count == 0));
        assertOneRowEach(bystander.id());
        // Their prompts leave the jobs and events streams too; the bystander's stay for the workers.
        await().atMost(Duration.ofSeconds(30)).until(() -> streamEntriesOf(leaving.id()) == 0);
        assertThat(streamEntriesOf(bystander.id())).isPositive();
        given().auth().oauth2(leaving.token()).when().get("/usage/me").then().statusCode(200);

        // Delivered again, it finds nothing left to do; the bystander still keeps everything.
        publish(UserEvent.deleted(leaving.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingInGroup() == 0);
        assertOneRowEach(bystander.id());
    }

    private void assertOneRowEach(UUID user) {
        assertThat(rows(user)).allSatisfy((table, count) -> assertThat(count).as(table).isEqualTo(1L));
    }

    /** Rows of the user in each of the service's tables. */
    private Map<String, Long> rows(UUID user) {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : AccountEraser.TABLES) {
            counts.put(table, pool.preparedQuery("select count(*) from " + table + " where user_id = $1")
                    .execute(Tuple.of(user)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0));
        }
        return counts;
    }

    /** Entries of the user in the jobs and events streams. */
    private long streamEntriesOf(UUID user) {
        var entries = redis.stream(String.class);
        return java.util.stream.Stream.of(keys.jobs(), keys.events())
                .flatMap(stream -> entries.xrange(stream, StreamRange.of("-", "+")).stream())
                .filter(entry -> entry.payload().get(EventPublisher.PAYLOAD).contains("\"user_id\":\"" + user + "\""))
                .count();
    }

    private long pendingInGroup() {
        return redis.stream(String.class).xpending(UserEvent.stream(streams), AccountEraser.GROUP)
                .getPendingCount();
    }

    private void publish(UserEvent event) {
        publisher.publish(event).await().atMost(Duration.ofSeconds(5));
    }

    private static io.restassured.response.Response submit(TestUser user, String prompt, String idempotencyKey) {
        var request = given().auth().oauth2(user.token()).contentType(ContentType.JSON);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(Map.of("prompt", prompt)).when().post("/images/generate");
    }
}
