package dev.imagegen.chaos.abuse;

import dev.imagegen.chaos.harness.ChaosExtension;
import dev.imagegen.chaos.harness.ChaosReport;
import dev.imagegen.chaos.harness.ChaosSuite;
import dev.imagegen.chaos.harness.ChaosUser;
import dev.imagegen.chaos.harness.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 5: forged, expired, foreign and tampered tokens, and a deleted user's token, sent to every replica of
 * every service directly and through the gateway, on user and admin routes and on the progress WebSocket: all
 * refused 401 (problem+json over HTTP). A deleted user's open WebSocket is closed by the server.
 */
@ExtendWith(ChaosExtension.class)
class BadTokensIT {

    private static final String SCENARIO = "5 bad tokens";

    @Test
    void badTokensAreRefusedByEveryService(ChaosSuite suite) throws Exception {
        ChaosUser user = suite.register();
        ChaosUser leaving = suite.register();
        assertThat(suite.send("DELETE", suite.gatewayUrl() + "/me", leaving.token(), null).statusCode()).isEqualTo(204);
        List<BadTokenRun.Target> targets = targets(suite);

        BadTokenRun run = new BadTokenRun(suite);
        for (ForgedTokens.Forged forged : new ForgedTokens(suite.dataDir().resolve("jwt")).forge(user.token())) {
            run.send(forged.kind(), forged.token(), targets);
        }
        run.send("deleted user's token", leaving.token(), targets);

        System.out.println("BadTokensIT: " + run.summary());
        ChaosReport.recordInfo(SCENARIO, "attempts (" + targets.size() + " service instances)", run.attempts());
        ChaosReport.recordEquals(SCENARIO, "accepted", run.accepted(), 0);
        ChaosReport.recordEquals(SCENARIO, "refused with another status than 401 problem+json", run.wrongStatus(),
                0);
        assertThat(run.failures()).as(run.summary()).isEmpty();
    }

    @Test
    void aDeletedUsersOpenWebSocketIsClosedByTheServer(ChaosSuite suite) throws Exception {
        ChaosUser leaving = suite.register();
        URI gateway = URI.create(suite.gatewayUrl());
        try (RawWebSocket socket = RawWebSocket.open(InetAddress.getLoopbackAddress(), gateway.getHost(),
                gateway.getPort(), "GET", WebSocketAbuse.PATH + "?access_token=" + leaving.token(), "",
                Duration.ofSeconds(10), new Random(5))) {
            assertThat(socket.probe(Duration.ofSeconds(10))).isEqualTo(RawWebSocket.Liveness.ALIVE);

            assertThat(suite.send("DELETE", suite.gatewayUrl() + "/me", leaving.token(), null).statusCode()).isEqualTo(204);
            boolean closed = socket.awaitClose(Duration.ofSeconds(15));

            ChaosReport.record(SCENARIO, "a deleted user's open WebSocket closed by the server within 15 s", closed,
                    "true", closed);
            assertThat(closed).as("the server closes the deleted user's WebSocket; it sent: %s", socket.received())
                    .isTrue();
        }
    }

    /** Every replica of every service, and the gateway (whose user routes are also the forwarded ones). */
    private static List<BadTokenRun.Target> targets(ChaosSuite suite) {
        List<BadTokenRun.Target> targets = new ArrayList<>();
        for (Service service : Service.values()) {
            suite.urls(service).forEach(url -> targets.add(new BadTokenRun.Target(service.module(), url)));
        }
        return targets;
    }
}
