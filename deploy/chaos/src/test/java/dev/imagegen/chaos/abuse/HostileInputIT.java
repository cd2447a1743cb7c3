package dev.imagegen.chaos.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.chaos.harness.ChaosExtension;
import dev.imagegen.chaos.harness.ChaosReport;
import dev.imagegen.chaos.harness.ChaosSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 4: a thousand generated hostile requests through the gateway (malformed, huge and mistyped JSON, invalid
 * UTF-8, NUL bytes, path, header and method tricks, oversize bodies and multipart, huge query strings, WebSocket
 * garbage) get no 5xx, no hang, and problem+json refusals ({@link HostileTally} has the rules); a normal job still
 * completes afterwards. The seed is printed; {@code -Dchaos.hostile.seed=N} replays a run.
 */
@ExtendWith(ChaosExtension.class)
class HostileInputIT {

    private static final String SCENARIO = "4 hostile input";
    private static final long SEED = Long.getLong("chaos.hostile.seed", 20261203L);
    private static final int REQUESTS = Integer.getInteger("chaos.hostile.requests", 1000);

    @Test
    void hostileInputGetsNoServerErrorNoHangAndProblemRefusals(ChaosSuite suite) throws Exception {
        System.out.println("HostileInputIT: seed " + SEED + " (replay with -Dchaos.hostile.seed=" + SEED + ")");
        URI gateway = URI.create(suite.gatewayUrl());
        AbuseClient client = new AbuseClient(suite);
        HostileRequests.Fixture fixture = client.fixture(10);
        int webSockets = REQUESTS / 10;

        HostileTally tally = new HostileRun(gateway.getHost(), gateway.getPort(), 8)
                .run(SEED, fixture, REQUESTS - webSockets, webSockets);
        JsonNode after = client.generateAndWait(suite.register().token(), "a calm sea after the storm",
                Duration.ofSeconds(120));

        System.out.println("HostileInputIT (seed " + SEED + "): " + tally.summary());
        long other = tally.failures().size() - tally.failures("5xx") - tally.failures("hang")
                - tally.failures("4xx") - tally.failures("closed with 1011");
        ChaosReport.recordInfo(SCENARIO, "requests (seed " + SEED + ")", tally.requests());
        ChaosReport.recordEquals(SCENARIO, "5xx (and WebSocket 1011)", tally.serverErrors(), 0);
        ChaosReport.recordEquals(SCENARIO, "hangs", tally.hangs(), 0);
        ChaosReport.recordEquals(SCENARIO, "refusals not problem+json", tally.failures("4xx"), 0);
        ChaosReport.recordInfo(SCENARIO, "bare refusals by the HTTP layer (broken framing, limits, upgrades)",
                tally.bareRefusals());
        ChaosReport.recordEquals(SCENARIO, "other failures (closed unanswered, injected header, admin reached)",
                other, 0);
        String status = after.path("status").asText();
        ChaosReport.record(SCENARIO, "a normal job afterwards", status, "completed", "completed".equals(status));

        assertThat(tally.failures()).as("failures of seed %d:%n%s", SEED, tally.summary()).isEmpty();
        assertThat(status).as("a normal job after the abuse: %s", after).isEqualTo("completed");
    }
}
