package dev.imagegen.generation.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.testing.TestUser;
import dev.imagegen.generation.quota.LedgerRows;
import dev.imagegen.generation.quota.MovableClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Reservations whose job never settles nor fails are given back after imagegen.quota.reservation-ttl (1 h). */
@QuarkusTest
class ReservationSweepTest {

    @Inject
    ReservationSweep sweep;
    @Inject
    EventPublisher publisher;
    @Inject
    RedisDataSource redis;
    @Inject
    StreamKeys keys;
    @Inject
    ObjectMapper json;

    @AfterEach
    void putTheClockBack() {
        MovableClock.reset();
    }

    @Test
    void anExpiredReservationIsReleasedAndItsJobFailsVisibly() throws Throwable {
        TestUser user = TestUser.create();
        LedgerRows.limits(user.id(), 1, null);
        // mid-morning, so the hour that passes below never crosses the daily reset
        MovableClock.moveTo(LocalDate.now(ZoneOffset.UTC).plusDays(3).atTime(10, 0).toInstant(ZoneOffset.UTC));
        UUID stuck = UUID.fromString(submit(user).then().statusCode(202).extract().path("task_id"));
        submit(user).then().statusCode(429);

        MovableClock.moveBy(Duration.ofMinutes(59));
        sweep();
        assertThat(LedgerRows.charge(stuck).get(0)).isEqualTo("RESERVED");

        MovableClock.moveBy(Duration.ofMinutes(2));
        sweep();

        assertThat(LedgerRows.charge(stuck).get(0)).isEqualTo("RELEASED");
        given().auth().oauth2(user.token()).when().get("/images/tasks/{id}/status", stuck)
                .then().statusCode(200).body("status", equalTo("failed"))
                .body("error.code", equalTo("reservation_expired"));
        assertThat(events(stuck)).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(EventType.FAILED);
            assertThat(event.code()).isEqualTo("reservation_expired");
        });
        // the released image no longer counts against today's limit
        submit(user).then().statusCode(202);
    }

    @Test
    void anImageThatArrivesAfterItsReservationExpiredIsStillCharged() throws Throwable {
        TestUser user = TestUser.create();
        UUID late = UUID.fromString(submit(user).then().statusCode(202).extract().path("task_id"));
        MovableClock.moveBy(Duration.ofMinutes(61));
        sweep();
        assertThat(LedgerRows.charge(late).get(0)).isEqualTo("RELEASED");

        publisher.publish(JobEvent.generated(new JobMessage(JobMessage.VERSION, late, user.id(), "a lighthouse",
                "dall-e-3", "1024x1024", "standard", "vivid", null, Instant.now(), 1), "a lighthouse", "dall-e-3",
                new BigDecimal("0.0400"), "imagegen:claim:" + late, "image/png")).await().indefinitely();

        await().untilAsserted(() -> assertThat(LedgerRows.charge(late))
                .isEqualTo(List.of("SETTLED", new BigDecimal("0.040000"))));
        given().auth().oauth2(user.token()).when().get("/images/tasks/{id}/status", late)
                .then().statusCode(200).body("status", equalTo("pending")).body("stage", equalTo("storing"));
    }

    @Test
    void anImageStoredWhoseGeneratedWasNeverAppliedIsChargedOnceAndNeverReleased() throws Throwable {
        TestUser user = TestUser.create();
        UUID jobId = UUID.fromString(submit(user).then().statusCode(202).extract().path("task_id"));
        JobEvent generated = JobEvent.generated(new JobMessage(JobMessage.VERSION, jobId, user.id(), "a lighthouse",
                "dall-e-3", "1024x1024", "standard", "vivid", null, Instant.now(), 1), "a lighthouse, vivid",
                "dall-e-3", new BigDecimal("0.0400"), "imagegen:claim:" + jobId, "image/png");
        UUID imageId = UUID.randomUUID();

        // generated's handling failed (its entry stays pending), and the gallery's stored is applied first
        publisher.publish(JobEvent.stored(generated, imageId, "/images/" + imageId + "/content",
                "/images/" + imageId + "/thumbnail")).await().indefinitely();
        await().untilAsserted(() -> given().auth().oauth2(user.token()).when().get("/images/tasks/{id}/status", jobId)
                .then().statusCode(200).body("status", equalTo("completed")));
        assertThat(LedgerRows.charge(jobId)).isEqualTo(List.of("SETTLED", new BigDecimal("0.040000")));

        MovableClock.moveBy(Duration.ofMinutes(61));
        sweep();
        assertThat(LedgerRows.charge(jobId)).isEqualTo(List.of("SETTLED", new BigDecimal("0.040000")));

        // generated, redelivered at last, changes neither the job nor the charge
        publisher.publish(generated).await().indefinitely();
        JobMessage marker = new JobMessage(JobMessage.VERSION, UUID.fromString(submit(user).then().statusCode(202)
                .extract().path("task_id")), user.id(), "a lighthouse", "dall-e-3", "1024x1024", "standard", "vivid",
                null, Instant.now(), 1);
        publisher.publish(JobEvent.started(marker)).await().indefinitely();
        await().untilAsserted(() -> assertThat(LedgerRows.value("SELECT stage FROM generation.jobs WHERE id = ?1",
                marker.jobId())).isEqualTo("started"));
        assertThat(LedgerRows.charge(jobId)).isEqualTo(List.of("SETTLED", new BigDecimal("0.040000")));
        given().auth().oauth2(user.token()).when().get("/images/tasks/{id}/status", jobId)
                .then().statusCode(200).body("status", equalTo("completed"))
                .body("image_data.revised_prompt", equalTo("a lighthouse, vivid"));
    }

    @Test
    void theGaugeShowsTheReservationsOutstanding() throws Throwable {
        TestUser user = TestUser.create();
        submit(user).then().statusCode(202);
        submit(user).then().statusCode(202);

        // events of earlier tests may still settle charges meanwhile, so compare after a quiet sweep
        await().untilAsserted(() -> {
            sweep();
            long outstanding = ((Number) LedgerRows.value("SELECT count(*) FROM generation.charges"
                    + " WHERE state = 'RESERVED'")).longValue();
            assertThat(outstanding).isGreaterThanOrEqualTo(2);
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            Matcher gauge = Pattern.compile("(?m)^imagegen_reservations_outstanding(\\{[^}]*})? (\\S+)$")
                    .matcher(metrics);
            assertThat(gauge.find()).isTrue();
            assertThat(Double.parseDouble(gauge.group(2))).isEqualTo(outstanding);
            assertThat(gauge.group(0)).doesNotContain("user");
        });
    }

    private void sweep() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> sweep.sweep());
    }

    private List<JobEvent> events(UUID jobId) {
        return redis.stream(String.class).xrange(keys.events(), StreamRange.of("-", "+")).stream()
                .map(entry -> read(entry.payload().get(EventPublisher.PAYLOAD)))
                .filter(event -> event.jobId().equals(jobId))
                .toList();
    }

    private JobEvent read(String payload) {
        try {
            return json.readValue(payload, JobEvent.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response submit(TestUser user) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "a lighthouse at dusk", "model", "dall-e-3", "size", "1024x1024",
                        "quality", "standard"))
                .when().post("/images/generate");
    }
}
