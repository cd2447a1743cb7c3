package dev.imagegen.generation.quota;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Images and cost by model and quality, refusals by reason; never a per-user label. */
@QuarkusTest
class LedgerMetricsTest {

    @Inject
    EventPublisher publisher;

    @Test
    void countsImagesCostAndRefusals() throws Throwable {
        double images = metric("imagegen_images_total", "model=\"dall-e-3\",quality=\"hd\"");
        double cost = metric("imagegen_cost_dollars_total", "model=\"dall-e-3\",quality=\"hd\"");
        double refusals = metric("imagegen_refusals_total", "reason=\"daily_images\"");
        double blocked = metric("imagegen_refusals_total", "reason=\"blocklist\"");
        TestUser user = TestUser.create();
        LedgerRows.limits(user.id(), 1, null);
        UUID jobId = UUID.fromString(submit(user, "a lighthouse at dusk").then().statusCode(202)
                .extract().path("task_id"));
        submit(user, "a harbour").then().statusCode(429);
        submit(user, "a blood bath").then().statusCode(422);

        publisher.publish(JobEvent.generated(new JobMessage(JobMessage.VERSION, jobId, user.id(), "a lighthouse",
                "dall-e-3", "1024x1024", "hd", "vivid", null, Instant.now(), 1), "a lighthouse", "dall-e-3",
                new BigDecimal("0.08"), "imagegen:claim:" + jobId, "image/png")).await().indefinitely();
        await().untilAsserted(() -> assertThat(LedgerRows.charge(jobId).get(0)).isEqualTo("SETTLED"));

        assertThat(metric("imagegen_images_total", "model=\"dall-e-3\",quality=\"hd\"")).isEqualTo(images + 1);
        assertThat(metric("imagegen_cost_dollars_total", "model=\"dall-e-3\",quality=\"hd\""))
                .isCloseTo(cost + 0.08, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(metric("imagegen_refusals_total", "reason=\"daily_images\"")).isEqualTo(refusals + 1);
        assertThat(metric("imagegen_refusals_total", "reason=\"blocklist\"")).isEqualTo(blocked + 1);
        assertThat(scrape()).doesNotContain(user.id().toString());
    }

    private static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the series with exactly these labels; 0 before it exists. */
    private static double metric(String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{" + Pattern.quote(labels) + ",?}\\s+(\\S+)$")
                .matcher(scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static io.restassured.response.Response submit(TestUser user, String prompt) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", prompt, "model", "dall-e-3", "size", "1024x1024", "quality", "hd"))
                .when().post("/images/generate");
    }
}
