package dev.imagegen.systemtest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger holds across replicas: 200 submits at once from one user whose limits allow 10 images, split between
 * two generation-service instances on the same database, accept exactly 10.
 */
@ExtendWith(Suite.class)
class TwoGenerationInstancesIT {

    private static final int FIRST_PORT = Suite.BASE_PORT + 21;
    private static final int SECOND_PORT = Suite.BASE_PORT + 22;
    private static final String BODY = "{\"prompt\":\"a lighthouse at dusk\",\"model\":\"dall-e-3\","
            + "\"size\":\"1024x1024\",\"quality\":\"standard\"}";

    /** The instances' own streams (ten entries at most): their jobs are never worked on; the ledger is shared. */
    private final String prefix = "ledger-" + UUID.randomUUID();
    private final List<Process> instances = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process instance : instances) {
            instance.destroy();
            instance.waitFor();
        }
    }

    @Test
    void twoHundredConcurrentSubmitsOverTwoInstancesAcceptExactlyTheTenTheLimitsAllow() throws Exception {
        start(FIRST_PORT);
        start(SECOND_PORT);
        awaitReady(FIRST_PORT);
        awaitReady(SECOND_PORT);
        SuiteUser user = SuiteUser.register();
        // ten images by either limit
        limits(user.id(), 10, new BigDecimal("0.40"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int port : new int[] {FIRST_PORT, SECOND_PORT}) {
            // warm both up on a read of the same ledger, so neither starts the race cold
            HttpResponse<String> estimate = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/images/estimate")).header("Authorization", "Bearer " + user.token()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(estimate.statusCode()).isEqualTo(200);
            assertThat(estimate.body()).contains("\"remaining_images_today\":10");
        }

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int port = i % 2 == 0 ? FIRST_PORT : SECOND_PORT;
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/images/generate")).header("Authorization", "Bearer " + user.token())
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

        assertThat(answers).filteredOn(r -> r.statusCode() == 202).hasSize(10);
        assertThat(answers).filteredOn(r -> r.statusCode() != 202).hasSize(190).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(r.body()).contains("\"code\":\"quota_exceeded\"");
        });
        // which instance wins the row lock first is up to timing; both must have refused against the shared ledger
        assertThat(answers).filteredOn(r -> r.statusCode() == 429)
                .extracting(r -> r.uri().getPort()).as("refusals by instance")
                .contains(FIRST_PORT, SECOND_PORT);
        try (Connection db = DriverManager.getConnection("jdbc:" + Suite.DATABASE_URL, "imagegen", "imagegen");
                PreparedStatement query = db.prepareStatement("SELECT count(*), coalesce(sum(amount), 0)"
                        + " FROM generation.charges WHERE user_id = ? AND state <> 'RELEASED'")) {
            query.setObject(1, user.id());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(10);
                assertThat(rows.getBigDecimal(2)).isLessThanOrEqualTo(new BigDecimal("0.40"));
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(outstandingGauge(http)).isEqualTo(outstandingReservations()));
    }

    private static long outstandingGauge(HttpClient http) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SECOND_PORT
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("imagegen_reservations_outstanding"))
                .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1L);
    }

    private static long outstandingReservations() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:" + Suite.DATABASE_URL, "imagegen", "imagegen");
                PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM generation.charges WHERE state = 'RESERVED'");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void start(int port) throws IOException {
        ProcessBuilder builder = Suite.service("generation-service", port, prefix);
        // small pools: PostgreSQL's connection slots are shared with the whole suite (and other runs)
        builder.environment().put("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "5");
        // the scheduled sweep refreshes the outstanding-reservations gauge often enough to watch
        builder.environment().put("RESERVATION_SWEEP_INTERVAL", "2s");
        instances.add(builder.start());
    }

    private void awaitReady(int port) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("a generation-service exited", () -> instances.stream().anyMatch(p -> !p.isAlive()))
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static void limits(UUID userId, int images, BigDecimal monthlyCost) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:" + Suite.DATABASE_URL, "imagegen", "imagegen");
                PreparedStatement insert = db.prepareStatement("INSERT INTO generation.quota_accounts"
                        + " (user_id, daily_images, monthly_cost) VALUES (?, ?, ?)")) {
            insert.setObject(1, userId);
            insert.setInt(2, images);
            insert.setBigDecimal(3, monthlyCost);
            insert.executeUpdate();
        }
    }
}
