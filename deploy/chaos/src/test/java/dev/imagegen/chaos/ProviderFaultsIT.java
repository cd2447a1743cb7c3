package dev.imagegen.chaos;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.imagegen.chaos.harness.ChaosExtension;
import dev.imagegen.chaos.harness.ChaosReport;
import dev.imagegen.chaos.harness.ChaosSuite;
import dev.imagegen.chaos.harness.ChaosUser;
import dev.imagegen.chaos.harness.FakeOpenAi;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.imagegen.chaos.harness.FakeOpenAi.broken;

/**
 * Scenario 6: the fake OpenAI answers 500s, 429 with retry-after, too late (past DALLE_TIMEOUT_SECONDS = 5), with a
 * reset connection, an empty response or a truncated body, a refusal, no quota, or 500 forever. Each job's calls
 * must follow worker-service/README.md's schedule (1, 2, 4… s ±20 % after 5xx, timeouts and lost connections; the
 * retry-after of a 429; no retry of a refusal or missing quota), each job end completed or failed with a reason,
 * and no job be charged twice.
 */
@ExtendWith(ChaosExtension.class)
class ProviderFaultsIT {

    private static final String SCENARIO = "6 provider faults";
    private static final int TIMEOUT_SECONDS = 5;

    /** A fault case: what the fake answers, how often, and what the worker should then do. */
    private record Case(String name, ResponseDefinitionBuilder fault, int times, boolean completes, int calls,
            List<Double> gapSeconds) {
    }

    @Test
    void retriesFollowTheScheduleAndNoJobIsChargedTwice(ChaosSuite suite) throws Exception {
        suite.openAi().healthy(Duration.ofMillis(50), Duration.ofMillis(100));
        // the timeout's gap is the 5 s the worker waits plus the first backoff
        List<Case> cases = List.of(
                new Case("500 twice", FakeOpenAi.serverError(), 2, true, 3, List.of(1.0, 2.0)),
                new Case("timeout once", FakeOpenAi.slow(Duration.ofSeconds(TIMEOUT_SECONDS + 3)), 1, true, 2,
                        List.of(TIMEOUT_SECONDS + 1.0)),
                new Case("connection reset once", broken(Fault.CONNECTION_RESET_BY_PEER), 1, true, 2, List.of(1.0)),
                new Case("empty response once", broken(Fault.EMPTY_RESPONSE), 1, true, 2, List.of(1.0)),
                new Case("truncated body once", broken(Fault.MALFORMED_RESPONSE_CHUNK), 1, true, 2, List.of(1.0)),
                new Case("refused (moderation_blocked)", FakeOpenAi.refused(), -1, false, 1, List.of()),
                new Case("429 insufficient_quota", FakeOpenAi.insufficientQuota(), -1, false, 1, List.of()),
                new Case("500 forever", FakeOpenAi.serverError(), -1, false, -1, List.of()));
        SoftAssertions softly = new SoftAssertions();
        runCases(suite, cases, softly);
        // alone: a 429 pauses every worker until its retry-after, which would stretch the other cases' gaps
        runCases(suite, List.of(new Case("429 retry-after 2", FakeOpenAi.rateLimited(2), 1, true, 2,
                List.of(2.0))), softly);
        suite.openAi().healthy(Duration.ofMillis(100), Duration.ofMillis(400));
        softly.assertAll();
    }

    private void runCases(ChaosSuite suite, List<Case> cases, SoftAssertions softly) throws Exception {
        ChaosUser user = suite.register();
        Jobs jobs = new Jobs(suite);
        List<String> markers = new ArrayList<>();
        for (Case c : cases) {
            String marker = Jobs.marker();
            markers.add(marker);
            if (c.times() < 0) {
                suite.openAi().always(marker, c.fault());
            } else {
                suite.openAi().failFirst(marker, c.times(), c.fault());
            }
            softly.assertThat(jobs.submit(suite.gatewayUrl(), user, marker).statusCode()).as(c.name() + " submit")
                    .isEqualTo(202);
        }
        List<Jobs.Job> lost = jobs.awaitEnd(Duration.ofSeconds(180));
        softly.assertThat(jobs.check(SCENARIO, jobs.accepted(), lost)).as("broken promises").isEmpty();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String marker = markers.get(i);
            Jobs.Job job = jobs.accepted().stream().filter(j -> j.marker().equals(marker)).findFirst().orElseThrow();
            Map<String, Object> row = suite.rows("SELECT status, error_code, error_message FROM generation.jobs"
                    + " WHERE id = ?", job.id()).get(0);
            List<FakeOpenAi.Call> calls = suite.openAi().calls(marker);
            String outcome = row.get("status") + (row.get("error_code") == null ? "" : " " + row.get("error_code"));
            String expected = c.completes() ? "COMPLETED" : "FAILED with a reason";
            boolean ended = c.completes() ? "COMPLETED".equals(row.get("status"))
                    : "FAILED".equals(row.get("status")) && row.get("error_code") != null;
            ChaosReport.record(SCENARIO, c.name() + ": job", outcome, expected, ended);
            softly.assertThat(ended).as(c.name() + " ended " + outcome + ", expected " + expected).isTrue();
            if (c.calls() > 0) {
                ChaosReport.recordEquals(SCENARIO, c.name() + ": provider calls", calls.size(), c.calls());
                softly.assertThat(calls).as(c.name() + " calls").hasSize(c.calls());
            } else {
                // max-retries 3 → 4 calls per delivery, 5 deliveries at most
                ChaosReport.recordAtMost(SCENARIO, c.name() + ": provider calls", calls.size(), 20);
                softly.assertThat(calls.size()).as(c.name() + " calls (worker, start, status): " + calls.stream()
                        .map(call -> call.worker() + " " + call.started() + " " + call.status()).toList())
                        .isBetween(2, 20);
            }
            List<String> gaps = new ArrayList<>();
            boolean onSchedule = true;
            for (int g = 0; g < c.gapSeconds().size() && g + 1 < calls.size(); g++) {
                double want = c.gapSeconds().get(g);
                double gap = Duration.between(calls.get(g).started(), calls.get(g + 1).started()).toMillis() / 1000.0;
                gaps.add(String.format("%.2f s", gap));
                // ±20 % jitter of the backoff, plus half a second for the call and the bookkeeping around it
                boolean ok = gap >= want - 0.2 * Math.min(want, 16) && gap <= want * 1.2 + 0.5;
                onSchedule &= ok;
                softly.assertThat(ok).as(c.name() + " retry " + (g + 1) + " after " + gap + " s, want " + want
                        + " s ±20 %").isTrue();
            }
            if (!c.gapSeconds().isEmpty()) {
                ChaosReport.record(SCENARIO, c.name() + ": retry gaps", String.join(", ", gaps),
                        c.gapSeconds().stream().map(s -> s + " s").toList() + " ±20 %", onSchedule);
            }
        }
    }
}
