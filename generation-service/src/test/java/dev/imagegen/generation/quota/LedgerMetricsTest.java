package dev.imagegen.generation.quota;

import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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

    private static final String LABELS = "model=\"gpt-image-2.6-flare\",quality=\"high\"";

    @Inject
    EventPublisher publisher;

    @Test
    void countsImagesCostAndRefusals() throws Throwable {
        double images = metric("imagegen_images_total", LABELS);
        double cost = metric("imagegen_cost_dollars_total", LABELS);
        double refusals = metric("imagegen_refusals_total", "reason=\"daily_images\"");
        double blocked = metric("imagegen_refusals_total", "reason=\"blocklist\"");
        TestUser user = TestUser.create();
        LedgerRows.limits(user.id(), 2, null);
        UUID jobId = UUID.fromString(submit(user, "a lighthouse at dusk").then().statusCode(202)
                .extract().path("task_id"));
        submit(user, "a harbour").then().statusCode(429);
        submit(user, "a blood bath").then().statusCode(422);

        JobMessage job = new JobMessage(JobMessage.VERSION, jobId, user.id(), "a lighthouse", "gpt-image-2.6-flare",
                "1024x1024", "high", null, null, Instant.now(), 1, 2, "auto", "png", null, "auto", null, null);
        publisher.publish(JobEvent.generated(job, "a lighthouse", "gpt-image-2.6-flare", "1024x1024", "high",
                new BigDecimal("0.08"), List.of("claim-0", "claim-1"), "image/png",
                new TokenUsage(100, 0, 0, 0, 2600, 0))).await().indefinitely();
        await().untilAsserted(() -> assertThat(LedgerRows.charge(jobId).get(0)).isEqualTo("SETTLED"));

        assertThat(metric("imagegen_images_total", LABELS)).isEqualTo(images + 2);
        assertThat(metric("imagegen_cost_dollars_total", LABELS))
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
                .body(Map.of("prompt", prompt, "model", "gpt-image-2.6-flare", "quality", "high", "n", 2))
                .when().post("/images/generate");
    }
}
