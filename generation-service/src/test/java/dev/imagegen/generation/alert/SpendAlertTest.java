package dev.imagegen.generation.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.events.SpendAlert;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.LedgerRows;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** A settle that takes a user to 80 % of their monthly limit raises one alert for the month, never two. */
@QuarkusTest
class SpendAlertTest {

    @Inject
    EventPublisher publisher;
    @Inject
    RedisDataSource redis;
    @Inject
    StreamsConfig streams;
    @Inject
    ObjectMapper json;

    @Test
    void crossingTheThresholdRaisesOneAlertForTheMonth() throws Throwable {
        TestUser user = TestUser.create();
        LedgerRows.limits(user.id(), null, new BigDecimal("0.20"));
        List<UUID> jobs = List.of(submit(user), submit(user), submit(user), submit(user), submit(user));

        settle(user, jobs.get(0));
        settle(user, jobs.get(1));
        settle(user, jobs.get(2));
        await().untilAsserted(() -> assertThat(LedgerRows.charge(jobs.get(2)).get(0)).isEqualTo("SETTLED"));
        assertThat(alertsFor(user.id())).isEmpty();

        settle(user, jobs.get(3));
        await().untilAsserted(() -> assertThat(alertsFor(user.id())).hasSize(1));
        settle(user, jobs.get(4));
        settle(user, jobs.get(3)); // a redelivery
        await().untilAsserted(() -> assertThat(LedgerRows.charge(jobs.get(4)).get(0)).isEqualTo("SETTLED"));

        List<SpendAlert> alerts = alertsFor(user.id());
        assertThat(alerts).hasSize(1);
        SpendAlert alert = alerts.get(0);
        assertThat(alert.type()).isEqualTo("spend_alert");
        assertThat(alert.month()).isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
        assertThat(alert.spend()).isEqualByComparingTo("0.16");
        assertThat(alert.limit()).isEqualByComparingTo("0.20");
        assertThat(alert.percent()).isEqualTo(80);
        assertThat(((Number) LedgerRows.value("SELECT count(*) FROM generation.spend_alerts WHERE user_id = ?1",
                user.id())).intValue()).isEqualTo(1);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("imagegen_spend_alerts_total"));
    }

    private UUID submit(TestUser user) {
        return UUID.fromString(given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse at dusk", "model", "sketch-1", "size", "1024x1024"))
                .when().post("/images/generate")
                .then().statusCode(202).extract().path("task_id"));
    }

    private void settle(TestUser user, UUID jobId) {
        publisher.publish(JobEvent.generated(new JobMessage(JobMessage.VERSION, jobId, user.id(), "a lighthouse",
                "sketch-1", "1024x1024", null, "pencil", null, Instant.now(), 1), "a lighthouse", "sketch-1",
                new BigDecimal("0.04"), "imagegen:claim:" + jobId, "image/png")).await().indefinitely();
    }

    private List<SpendAlert> alertsFor(UUID userId) {
        return redis.stream(String.class).xrange(SpendAlert.stream(streams), StreamRange.of("-", "+")).stream()
                .map(entry -> read(entry.payload().get(EventPublisher.PAYLOAD)))
                .filter(alert -> alert.userId().equals(userId))
                .toList();
    }

    private SpendAlert read(String payload) {
        try {
            return json.readValue(payload, SpendAlert.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
