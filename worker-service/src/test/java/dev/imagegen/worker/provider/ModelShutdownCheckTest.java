package dev.imagegen.worker.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.imagegen.common.models.ModelShutdowns;
import dev.imagegen.common.testing.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The provider's announced shutdown dates ({@code GET /v1/models}) reach the other services, a metric and the log. */
@QuarkusTest
@QuarkusTestResource(value = OpenAiWireMockResource.class, restrictToAnnotatedClass = true)
class ModelShutdownCheckTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectWireMock
    WireMockServer wireMock;

    private final ModelShutdownCheck check;
    private final ModelShutdowns shutdowns;

    ModelShutdownCheckTest(ModelShutdownCheck check, ModelShutdowns shutdowns) {
        this.check = check;
        this.shutdowns = shutdowns;
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void aShutdownDateOfAConfiguredModelIsAnnouncedCountedAndWarnedAbout() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate soon = today.plusDays(30);
        LocalDate later = today.plusDays(400);
        // OpenAI's list shape: every model of the account, shutdown_date null where none is announced.
        wireMock.stubFor(get(urlEqualTo("/v1/models"))
                .withHeader("Authorization", equalTo("Bearer " + OpenAiWireMockResource.API_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"object":"list","data":[
                                 {"id":"gpt-image-2.6-flare","object":"model","created":1762214400,"owned_by":"system","shutdown_date":null},
                                 {"id":"gpt-image-2","object":"model","created":1776729600,"owned_by":"system","shutdown_date":"%s"},
                                 {"id":"gpt-image-2.5-flare","object":"model","created":1757289600,"owned_by":"system","shutdown_date":"%s"},
                                 {"id":"gpt-image-1.5","object":"model","created":1765843200,"owned_by":"system","shutdown_date":"%s"},
                                 {"id":"gpt-4o-mini-tts","object":"model","created":1742403959,"owned_by":"system","shutdown_date":"%s"},
                                 {"id":"whisper-1","object":"model","created":1677532384,"owned_by":"openai-internal"}
                                ]}""".formatted(soon, later, today.minusDays(2), soon))));

        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(ModelShutdownCheck.class.getName());
        logger.addHandler(capture);
        Map<String, LocalDate> found;
        try {
            found = check.check().await().atMost(WAIT);
        } finally {
            logger.removeHandler(capture);
        }

        // Only configured profiles count; a model without a date is not announced.
        assertThat(found).containsOnlyKeys("gpt-image-2", "gpt-image-2.5-flare", "gpt-image-1.5");
        Map<String, LocalDate> announced = shutdowns.announced().await().atMost(WAIT);
        assertThat(announced).containsEntry("gpt-image-2", soon)
                .containsEntry("gpt-image-2.5-flare", later)
                .containsEntry("gpt-image-1.5", today.minusDays(2))
                .doesNotContainKeys("gpt-image-2.6-flare", "gpt-4o-mini-tts", "whisper-1");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("imagegen_model_shutdown_days{model=\"gpt-image-2\"} 30.0"))
                .body(containsString("imagegen_model_shutdown_days{model=\"gpt-image-1.5\"} -2.0"));
        // Within the 90 days: one WARN each, with the date and what runs instead; never the key.
        List<String> warnings = logged.stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
                .map(r -> ((ExtLogRecord) r).getFormattedMessage()).toList();
        assertThat(warnings).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("gpt-image-2 ", soon.toString(), "in 30 days",
                        "no replacement is configured"))
                .anySatisfy(w -> assertThat(w).contains("gpt-image-1.5", today.minusDays(2).toString(),
                        "its replacement is gpt-image-2.6-flare"))
                .noneSatisfy(w -> assertThat(w).contains(OpenAiWireMockResource.API_KEY));
    }
}
