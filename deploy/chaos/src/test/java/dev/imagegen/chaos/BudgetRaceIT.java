package dev.imagegen.chaos;

import dev.imagegen.chaos.harness.ChaosExtension;
import dev.imagegen.chaos.harness.ChaosReport;
import dev.imagegen.chaos.harness.ChaosSuite;
import dev.imagegen.chaos.harness.ChaosUser;
import dev.imagegen.chaos.harness.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 3: 200 submits at once from one user with a 10-image daily budget, split between the two
 * generation-service replicas (directly, so no gateway rate limit takes part): at most 10 are charged, every other
 * one is a 429 that names the limit.
 */
@ExtendWith(ChaosExtension.class)
class BudgetRaceIT {

    private static final String SCENARIO = "3 budget race";
    private static final int SUBMITS = 200;
    private static final int BUDGET = 10;

    @Test
    void twoHundredSubmitsOverTwoReplicasChargeAtMostTheBudget(ChaosSuite suite) throws Exception {
        ChaosUser user = suite.register();
        suite.update("INSERT INTO generation.quota_accounts (user_id, daily_images, monthly_cost) VALUES (?, ?, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET daily_images = EXCLUDED.daily_images,"
                + " monthly_cost = EXCLUDED.monthly_cost", user.id(), BUDGET, new BigDecimal("1000"));
        List<String> replicas = suite.urls(Service.GENERATION);

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < SUBMITS; i++) {
            calls.add(suite.http().sendAsync(HttpRequest.newBuilder(URI.create(replicas.get(i % 2)
                    + "/images/generate")).header("Authorization", user.bearer())
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"" + Jobs.marker()
                            + " a lighthouse at dusk\"}")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

        long accepted = answers.stream().filter(r -> r.statusCode() == 202).count();
        List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() != 202).toList();
        long refusedNamingTheLimit = refused.stream().filter(r -> r.statusCode() == 429
                && "daily_images".equals(suite.read(r.body()).path("limit").asText())).count();
        long charged = suite.count("SELECT coalesce(sum(images), 0) FROM generation.charges"
                + " WHERE user_id = ? AND state <> 'RELEASED'", user.id());
        ChaosReport.recordInfo(SCENARIO, "submits (over 2 replicas) / budget", SUBMITS + " / " + BUDGET);
        ChaosReport.recordAtMost(SCENARIO, "accepted (202)", accepted, BUDGET);
        ChaosReport.recordAtMost(SCENARIO, "images charged", charged, BUDGET);
        ChaosReport.recordEquals(SCENARIO, "refusals that are not a 429 naming daily_images",
                refused.size() - refusedNamingTheLimit, 0);

        assertThat(accepted).as("accepted submits").isLessThanOrEqualTo(BUDGET);
        assertThat(charged).as("images charged").isLessThanOrEqualTo(BUDGET);
        assertThat(refused).as("refusals").allSatisfy(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
            assertThat(suite.read(r.body()).path("limit").asText()).as(r.body()).isEqualTo("daily_images");
        });
    }
}
