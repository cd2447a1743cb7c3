package dev.imagegen.worker.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.imagegen.common.events.EventType;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamKeys;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.common.testing.WireMockTestResource.InjectWireMock;
import dev.imagegen.worker.provider.OpenAiWireMockResource;
import dev.imagegen.worker.provider.TestImages;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** Whole jobs through the stream against a fake OpenAI: refusals, poison entries, concurrency and time limits. */
@QuarkusTest
@QuarkusTestResource(value = OpenAiWireMockResource.class, restrictToAnnotatedClass = true)
class OpenAiJobTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PATH = "/v1/images/generations";
    private static final String MODEL = "gpt-image-2.6-flare";

    @InjectWireMock
    WireMockServer wireMock;

    private final EventPublisher publisher;
    private final StreamKeys keys;
    private final RedisDataSource redis;
    private final Pool db;
    private final ObjectMapper json;
    private final StreamsConfig streams;

    OpenAiJobTest(EventPublisher publisher, StreamKeys keys, RedisDataSource redis, Pool db, ObjectMapper json,
            StreamsConfig streams) {
        this.streams = streams;
        this.publisher = publisher;
        this.keys = keys;
        this.redis = redis;
        this.db = db;
        this.json = json;
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void aContentPolicyRefusalFailsTheJobWithTheProvidersWordsAndCostsNothing() {
        String prompt = "refused " + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"error":{"code":"content_policy_violation","message":"Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.","param":null,"type":"invalid_request_error"}}""")));
        JobMessage job = job(prompt, MODEL);
        String entry = publisher.enqueue(job).await().atMost(WAIT);

        JobEvent failed = awaitEvent(job, EventType.FAILED);
        assertThat(failed.code()).isEqualTo("content_policy_violation");
        assertThat(failed.message()).contains("safety system");
        assertThat(failed.retryable()).isFalse();
        await().atMost(WAIT).until(() -> acknowledged(entry));
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
        List<Row> calls = calls(job);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getBigDecimal("cost")).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void threeTransparentWebpImagesAreHandedOverInOneEventAndChargedTheirTokenUsage() {
        String prompt = "three paper cranes " + UUID.randomUUID();
        String hint = "Style: natural, less hyper-real looking.";
        // As generation-service queues a seed-style dall-e-3 request: on its replacement, the style as words.
        JobMessage job = new JobMessage(JobMessage.VERSION, UUID.randomUUID(), UUID.randomUUID(), prompt, MODEL,
                "1024x1024", "medium", null, null, Instant.now(), 1, 3, "transparent", "webp", 80, "low", "dall-e-3",
                hint);
        List<byte[]> webps = List.of(TestImages.transparentWebp(10), TestImages.transparentWebp(120),
                TestImages.transparentWebp(240));
        wireMock.stubFor(post(urlEqualTo(PATH))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-image-2.6-flare","prompt":%s,"n":3,"size":"1024x1024","quality":"medium",
                         "background":"transparent","output_format":"webp","output_compression":80,"moderation":"low"}"""
                        .formatted(quoted(prompt + "\n\n" + hint))))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withHeader("x-ratelimit-limit-requests", "60")
                        .withHeader("x-ratelimit-remaining-requests", "59")
                        .withHeader("x-ratelimit-reset-requests", "1s")
                        .withHeader("x-ratelimit-limit-tokens", "150000")
                        .withHeader("x-ratelimit-remaining-tokens", "144682")
                        .withHeader("x-ratelimit-reset-tokens", "2m7s")
                        .withBody("""
                                {"created":1764633600,"data":[{"b64_json":"%s"},{"b64_json":"%s"},{"b64_json":"%s"}],
                                 "background":"transparent","output_format":"webp","size":"1024x1024","quality":"medium",
                                 "usage":{"total_tokens":5318,"input_tokens":50,"output_tokens":5268,
                                  "input_tokens_details":{"text_tokens":50,"image_tokens":0}}}"""
                                .formatted(base64(webps.get(0)), base64(webps.get(1)), base64(webps.get(2))))));

        String entry = publisher.enqueue(job).await().atMost(WAIT);

        JobEvent generated = awaitEvent(job, EventType.GENERATED);
        await().atMost(WAIT).until(() -> acknowledged(entry));
        assertThat(events(job)).filteredOn(e -> e.type() == EventType.GENERATED).hasSize(1);
        assertThat(generated.allClaimKeys()).containsExactly(keys.claimCheck(job.jobId(), 0),
                keys.claimCheck(job.jobId(), 1), keys.claimCheck(job.jobId(), 2));
        for (int i = 0; i < 3; i++) {
            String key = generated.allClaimKeys().get(i);
            byte[] parked = redis.value(byte[].class).get(key);
            assertThat(parked).isEqualTo(webps.get(i));
            assertThat(TestImages.isWebp(parked)).isTrue();
            assertThat(TestImages.hasTransparentCorners(TestImages.read(parked))).isTrue();
            assertThat(redis.key().pttl(key)).isPositive();
        }
        assertThat(generated.contentType()).isEqualTo("image/webp");
        assertThat(generated.size()).isEqualTo("1024x1024");
        assertThat(generated.quality()).isEqualTo("medium");
        assertThat(generated.background()).isEqualTo("transparent");
        assertThat(generated.requestedModel()).isEqualTo("dall-e-3");
        assertThat(generated.originalPrompt()).isEqualTo(prompt);
        assertThat(generated.usage()).isEqualTo(new TokenUsage(50, 0, 0, 0, 5268, 0));
        // No output_tokens_details: all 5,268 output tokens (3 x 1,756) are image tokens. At gpt-image-2.6-flare's
        // prices per 1M tokens: 50 text in x $5 + 5,268 image out x $30 = $250 + $158,040 = $158,290 / 1M.
        BigDecimal expected = BigDecimal.valueOf(50 * 5 + 3 * 1756 * 30).movePointLeft(6);
        assertThat(expected).isEqualByComparingTo("0.15829");
        assertThat(generated.cost()).isEqualByComparingTo(expected);

        Row call = calls(job).get(0);
        assertThat(call.getInteger("images")).isEqualTo(3);
        assertThat(call.getString("content_type")).isEqualTo("image/webp");
        assertThat(call.getLong("input_text_tokens")).isEqualTo(50);
        assertThat(call.getLong("output_image_tokens")).isEqualTo(5268);
        assertThat(call.getBigDecimal("cost")).isEqualByComparingTo(expected);

        // Delivered again after it was announced: acknowledged with no second event, and OpenAI is not paid twice.
        String again = publisher.enqueue(job).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> acknowledged(again));
        assertThat(events(job)).filteredOn(e -> e.type() == EventType.GENERATED).hasSize(1);
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
        assertThat(calls(job)).hasSize(1);
    }

    @Test
    void twoEntriesOfOneJobHandledAtOnceMakeOneCallAndOneGeneratedEvent() {
        String prompt = "twice queued " + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .willReturn(image().withFixedDelay(1_500)));
        JobMessage job = job(prompt, MODEL);

        // As an outbox that wrote the job twice: both entries are read while the first call is still open.
        List<String> entries = Uni.join().all(publisher.enqueue(job), publisher.enqueue(job)).andFailFast().await()
                .atMost(WAIT);

        awaitEvent(job, EventType.GENERATED);
        await().atMost(WAIT).until(() -> acknowledged(entries.get(0)) && acknowledged(entries.get(1)));
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
        assertThat(events(job)).filteredOn(e -> e.type() == EventType.GENERATED).hasSize(1);
        assertThat(events(job)).filteredOn(e -> e.type() == EventType.STARTED).hasSize(1);
        assertThat(calls(job)).extracting(row -> row.getString("outcome")).containsExactly("succeeded");
    }

    @Test
    void imagesParkedButNotYetRecordedAreRecordedOnRedeliveryWithoutASecondCall() {
        String prompt = "parked " + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .willReturn(image()));
        JobMessage job = job(prompt, MODEL);
        // The worker dies between parking the images and recording the call: here the database refuses the record.
        String trigger = "refuse_" + job.jobId().toString().replace('-', '_');
        sql("create function worker." + trigger + "() returns trigger language plpgsql as $$ begin "
                + "if new.job_id = '" + job.jobId() + "' and new.outcome = 'succeeded' then "
                + "raise exception 'worker died'; end if; return new; end $$");
        sql("create trigger " + trigger + " before insert or update on worker.provider_calls for each row "
                + "execute function worker." + trigger + "()");
        try {
            String entry = publisher.enqueue(job).await().atMost(WAIT);
            await().atMost(WAIT).until(() -> deliveries(entry) >= 2);
            assertThat(redis.value(byte[].class).get(keys.claimCheck(job.jobId()))).isEqualTo(TestImages.png());
        } finally {
            sql("drop trigger " + trigger + " on worker.provider_calls");
            sql("drop function worker." + trigger + "()");
        }

        JobEvent generated = awaitEvent(job, EventType.GENERATED);
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
        assertThat(redis.value(byte[].class).get(generated.claimKey())).isEqualTo(TestImages.png());
        assertThat(generated.usage()).isEqualTo(new TokenUsage(10, 0, 0, 0, 1756, 0));
        List<Row> succeeded = calls(job).stream().filter(row -> row.getString("outcome").equals("succeeded"))
                .toList();
        assertThat(succeeded).hasSize(1);
        assertThat(succeeded.get(0).getBigDecimal("cost")).isEqualByComparingTo(generated.cost()).isPositive();
    }

    @Test
    void aCallLeftOpenByAWorkerThatDiedIsClosedAndMadeAgain() {
        String prompt = "died mid-call " + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .willReturn(image()));
        JobMessage job = job(prompt, MODEL);
        // What a worker killed during the call leaves: the call recorded as started, nothing parked.
        db.preparedQuery("insert into worker.provider_calls (id, job_id, user_id, attempt, provider, model, outcome,"
                + " cost, duration_ms, created_at) values ($1, $2, $3, 1, 'openai', $4, 'started', 0, 0, now())")
                .execute(Tuple.of(UUID.randomUUID(), job.jobId(), job.userId(), MODEL)).await().atMost(WAIT);

        String entry = publisher.enqueue(job).await().atMost(WAIT);

        awaitEvent(job, EventType.GENERATED);
        await().atMost(WAIT).until(() -> acknowledged(entry));
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
        List<Row> calls = calls(job);
        assertThat(calls).extracting(row -> row.getString("outcome")).containsExactly("failed", "succeeded");
        assertThat(calls.get(0).getString("error_code")).isEqualTo("interrupted");
        assertThat(calls.get(0).getBigDecimal("cost")).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void noCallWhileAnotherWorkerHoldsTheJobsLease() {
        String prompt = "leased elsewhere " + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .willReturn(image()));
        JobMessage job = job(prompt, MODEL);
        redis.value(String.class).set(streams.prefix() + ":worker:lease:" + job.jobId(), "another-worker",
                new io.quarkus.redis.datasource.value.SetArgs().px(Duration.ofSeconds(3)));

        long queued = System.currentTimeMillis();
        publisher.enqueue(job).await().atMost(WAIT);

        awaitEvent(job, EventType.GENERATED);
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> made = wireMock
                .findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(made).hasSize(1);
        // Made only once the other worker's lease ran out.
        assertThat(made.get(0).getLoggedDate().getTime() - queued).isGreaterThanOrEqualTo(2_500);
    }

    @Test
    void aRecordedCallWhoseEventWasNeverPublishedIsAnnouncedOnRedelivery() {
        String prompt = "unannounced " + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .willReturn(image()));
        JobMessage job = job(prompt, MODEL);
        String first = publisher.enqueue(job).await().atMost(WAIT);
        JobEvent generated = awaitEvent(job, EventType.GENERATED);
        await().atMost(WAIT).until(() -> acknowledged(first));
        // As if the worker died after recording the call and before its event reached the stream.
        sql("update worker.provider_calls set announced_at = null where job_id = '" + job.jobId() + "'");

        String again = publisher.enqueue(job).await().atMost(WAIT);

        await().atMost(WAIT).until(() -> acknowledged(again)
                && events(job).stream().filter(e -> e.type() == EventType.GENERATED).count() == 2);
        JobEvent announced = events(job).stream().filter(e -> e.type() == EventType.GENERATED).toList().get(1);
        assertThat(announced.allClaimKeys()).isEqualTo(generated.allClaimKeys());
        assertThat(announced.seq()).isEqualTo(generated.seq());
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aRefusedImageDownloadFailsTheJobWithItsReasonAndRecordsWhatTheProviderBilled() {
        String prompt = "huge url " + UUID.randomUUID();
        String file = "/files/" + UUID.randomUUID() + ".png";
        wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo(file))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                        .withBody(new byte[2 * 1024 * 1024])));
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"created":1764633600,"data":[{"url":"%s"}],"size":"1024x1024","quality":"medium",
                                 "usage":{"total_tokens":1766,"input_tokens":10,"output_tokens":1756,
                                 "input_tokens_details":{"text_tokens":10,"image_tokens":0}}}"""
                                .formatted(wireMock.baseUrl() + file))));
        JobMessage job = job(prompt, MODEL);
        String entry = publisher.enqueue(job).await().atMost(WAIT);

        JobEvent failed = awaitEvent(job, EventType.FAILED);
        assertThat(failed.code()).isEqualTo("image_too_large");
        assertThat(failed.message()).contains("1 MB");
        assertThat(failed.retryable()).isFalse();
        await().atMost(WAIT).until(() -> acknowledged(entry));
        assertThat(events(job)).noneMatch(e -> e.type() == EventType.GENERATED);
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
        List<Row> calls = calls(job);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getString("outcome")).isEqualTo("failed");
        assertThat(calls.get(0).getString("error_code")).isEqualTo("image_too_large");
        // 10 text tokens in x $5 + 1,756 image tokens out x $30, per 1M: what OpenAI billed for the refused image.
        assertThat(calls.get(0).getBigDecimal("cost")).isEqualByComparingTo("0.05273");
    }

    @Test
    void aShutDownModelFailsTheJobForGoodWithModelUnavailable() {
        String prompt = "retired " + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"error":{"message":"The model `gpt-image-1` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""")));
        JobMessage job = job(prompt, "gpt-image-1");
        String entry = publisher.enqueue(job).await().atMost(WAIT);

        JobEvent failed = awaitEvent(job, EventType.FAILED);
        assertThat(failed.code()).isEqualTo("model_unavailable");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.message()).contains("gpt-image-1", "gpt-image-2.5-flare");
        await().atMost(WAIT).until(() -> acknowledged(entry));
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
        List<Row> calls = calls(job);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getString("error_code")).isEqualTo("model_unavailable");
        assertThat(calls.get(0).getBigDecimal("cost")).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void aJobForAModelWithoutProfileIsDeadLetteredWithoutAProviderCall() {
        JobMessage job = job("a cat", "dall-e-9");
        String entry = publisher.enqueue(job).await().atMost(WAIT);

        JobEvent failed = awaitEvent(job, EventType.FAILED);
        assertThat(failed.code()).isEqualTo("dead_lettered");
        assertThat(failed.message()).contains("dall-e-9");
        await().atMost(WAIT).until(() -> acknowledged(entry));
        assertThat(dead()).anySatisfy(m -> assertThat(m.payload().get("source_id")).isEqualTo(entry));
        wireMock.verify(0, postRequestedFor(urlEqualTo(PATH)));
        assertThat(calls(job)).isEmpty();
    }

    @Test
    void anUnreadableEntryIsDeadLetteredWithoutAProviderCall() {
        String entry = streams().xadd(keys.jobs(), Map.of(EventPublisher.PAYLOAD, "{\"v\":1,\"job_id\":"));

        await().atMost(WAIT).until(() -> dead().stream()
                .anyMatch(m -> entry.equals(m.payload().get("source_id"))
                        && "unreadable payload".equals(m.payload().get("reason"))));
        await().atMost(WAIT).until(() -> acknowledged(entry));
        wireMock.verify(0, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void slowCallsAreHeldInFlightTogether() {
        String tag = "together " + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", containing(tag)))
                .willReturn(image().withFixedDelay(2_000)));
        List<JobMessage> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            jobs.add(job(tag + " " + i, MODEL));
        }
        // All at once, so the twelve calls overlap even on a busy machine.
        Uni.join().all(jobs.stream().map(publisher::enqueue).toList()).andFailFast().await().atMost(WAIT);

        for (JobMessage job : jobs) {
            awaitEvent(job, EventType.GENERATED);
        }
        List<Long> received = wireMock.findAll(postRequestedFor(urlEqualTo(PATH))).stream()
                .map(r -> r.getLoggedDate().getTime()).sorted().toList();
        assertThat(received).hasSize(12);
        // Each call is answered after 2 s: all twelve arriving within that time were open together.
        assertThat(received.get(11) - received.get(0)).isLessThan(2_000);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("imagegen_worker_provider_calls_seconds_bucket"))
                .body(containsString("model=\"" + MODEL + "\""))
                .body(containsString("imagegen_worker_provider_cost_usd_total"))
                .body(containsString("imagegen_worker_jobs_in_flight"))
                .body(containsString("imagegen_worker_stream_pending"))
                .body(containsString("imagegen_worker_stream_lag"))
                .body(containsString("imagegen_worker_stream_dead_lettered_total"));
    }

    @Test
    void aJobPastItsSoftLimitSaysSoAndFailsAtItsHardLimit() {
        String prompt = "endless " + UUID.randomUUID();
        // Slower than the call timeout every time: retried until the hard limit (4 s here) ends the job.
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
        JobMessage job = job(prompt, MODEL);
        String entry = publisher.enqueue(job).await().atMost(WAIT);

        JobEvent failed = awaitEvent(job, EventType.FAILED);
        assertThat(failed.code()).isEqualTo("time_limit_exceeded");
        assertThat(events(job)).anySatisfy(e -> assertThat(e.stage()).isEqualTo("slow"));
        await().atMost(WAIT).until(() -> acknowledged(entry));

        // The job ended: queued again, it is neither called for nor announced again.
        int made = wireMock.findAll(postRequestedFor(urlEqualTo(PATH))).size();
        String again = publisher.enqueue(job).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> acknowledged(again));
        wireMock.verify(made, postRequestedFor(urlEqualTo(PATH)));
        assertThat(events(job)).filteredOn(e -> e.type() == EventType.FAILED).hasSize(1);
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern equalTo(String value) {
        return com.github.tomakehurst.wiremock.client.WireMock.equalTo(value);
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(String value) {
        return com.github.tomakehurst.wiremock.client.WireMock.containing(value);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder image() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"created":1764633600,"data":[{"b64_json":"%s"}],"background":"opaque","output_format":"png",
                         "size":"1024x1024","quality":"medium","usage":{"total_tokens":1766,"input_tokens":10,
                         "output_tokens":1756,"input_tokens_details":{"text_tokens":10,"image_tokens":0}}}"""
                        .formatted(base64(TestImages.png())));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private String quoted(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JobMessage job(String prompt, String model) {
        return new JobMessage(JobMessage.VERSION, UUID.randomUUID(), UUID.randomUUID(), prompt, model, "1024x1024",
                "medium", null, null, Instant.now(), 1);
    }

    private JobEvent awaitEvent(JobMessage job, EventType type) {
        await().atMost(WAIT).until(() -> events(job).stream().anyMatch(e -> e.type() == type));
        return events(job).stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }

    private StreamCommands<String, String, String> streams() {
        return redis.stream(String.class, String.class, String.class);
    }

    private List<StreamMessage<String, String, String>> dead() {
        return streams().xrange(keys.deadJobs(), StreamRange.of("-", "+"));
    }

    private List<JobEvent> events(JobMessage job) {
        List<JobEvent> events = new ArrayList<>();
        for (StreamMessage<String, String, String> entry : streams().xrange(keys.events(), StreamRange.of("-", "+"))) {
            try {
                JobEvent event = json.readValue(entry.payload().get(EventPublisher.PAYLOAD), JobEvent.class);
                if (event.jobId().equals(job.jobId())) {
                    events.add(event);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    private boolean acknowledged(String entry) {
        List<PendingMessage> pending = streams().xpending(keys.jobs(), JobConsumer.GROUP, StreamRange.of("-", "+"),
                1000);
        return pending.stream().noneMatch(p -> p.getMessageId().equals(entry));
    }

    private long deliveries(String entry) {
        return streams().xpending(keys.jobs(), JobConsumer.GROUP, StreamRange.of(entry, entry), 1).stream()
                .mapToLong(PendingMessage::getDeliveryCount).max().orElse(0);
    }

    private void sql(String statement) {
        db.query(statement).execute().await().atMost(WAIT);
    }

    private List<Row> calls(JobMessage job) {
        List<Row> rows = new ArrayList<>();
        db.preparedQuery("select * from worker.provider_calls where job_id = $1 order by created_at")
                .execute(Tuple.of(job.jobId())).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }
}
