package dev.imagegen.chaos;

import dev.imagegen.chaos.harness.ChaosExtension;
import dev.imagegen.chaos.harness.ChaosProcess;
import dev.imagegen.chaos.harness.ChaosReport;
import dev.imagegen.chaos.harness.ChaosSuite;
import dev.imagegen.chaos.harness.ChaosUser;
import dev.imagegen.chaos.harness.Service;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 2: under a steady stream of jobs, Redis (AOF on) is stopped and started again, then PostgreSQL. Every
 * service's readiness must go down while its store is away and come back; every accepted job must end completed or
 * failed with a reason, none charged twice; a submit during the outage is refused with a 503 (never another 5xx).
 */
@ExtendWith(ChaosExtension.class)
class InfraRestartIT {

    private static final String SCENARIO = "2 Redis/PostgreSQL restart";
    private static final int OUTAGE_SECONDS = Integer.getInteger("chaos.outage-seconds", 6);
    private static final int JOBS_PER_SECOND = Integer.getInteger("chaos.jobs-per-second", 4);

    /** Stops and starts one store. */
    private interface Outage {
        void stop() throws Exception;

        void start() throws Exception;
    }

    @Test
    void theSuiteComesBackFromARedisAndAPostgresRestartWithNothingLost(ChaosSuite suite) throws Exception {
        suite.openAi().healthy(java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(800));
        Jobs jobs = new Jobs(suite);
        ChaosUser user = suite.register();
        List<String> intakes = List.of(suite.gatewayUrl(), suite.process(Service.GENERATION, 2).url());
        AtomicBoolean submitting = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (submitting.get()) {
                int k = i++;
                pool.submit(() -> jobs.trySubmit(intakes.get(k % 2), user));
                sleep(1000 / JOBS_PER_SECOND);
            }
        });
        SoftAssertions softly = new SoftAssertions();
        try {
            sleep(3000);
            outage(suite, "Redis", new Outage() {
                public void stop() throws Exception {
                    suite.redis().stop();
                }

                public void start() throws Exception {
                    suite.redis().start();
                }
            }, softly);
            sleep(3000);
            outage(suite, "PostgreSQL", new Outage() {
                public void stop() throws Exception {
                    suite.postgres().stop();
                }

                public void start() throws Exception {
                    suite.postgres().start();
                }
            }, softly);
            sleep(3000);
        } finally {
            submitting.set(false);
            stream.join();
            pool.shutdown();
            pool.awaitTermination(90, TimeUnit.SECONDS);
        }
        List<Jobs.Job> lost = jobs.awaitEnd(Duration.ofSeconds(120));
        List<String> broken = jobs.check(SCENARIO, jobs.accepted(), lost);
        Map<Integer, Integer> refusals = jobs.refusals();
        long badRefusals = refusals.entrySet().stream().filter(e -> e.getKey() != 503).mapToLong(Map.Entry::getValue)
                .sum();
        ChaosReport.recordInfo(SCENARIO, "submits refused (status: count; -1 no answer)", refusals);
        ChaosReport.recordEquals(SCENARIO, "refused submits that are not a 503", badRefusals, 0);
        softly.assertThat(broken).as("broken promises").isEmpty();
        softly.assertThat(refusals.keySet()).as("refusal statuses during the outages; first bodies: "
                + jobs.refusalSamples()).containsOnly(503);
        softly.assertAll();
    }

    private void outage(ChaosSuite suite, String store, Outage outage, SoftAssertions softly) throws Exception {
        Set<String> sawDown = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        List<ChaosProcess> processes = suite.processes();
        CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> {
            while (watching.get()) {
                processes.parallelStream().filter(p -> !p.ready()).forEach(p -> sawDown.add(p.name()));
                sleep(250);
            }
        });
        outage.stop();
        sleep(OUTAGE_SECONDS * 1000L);
        outage.start();
        long back = System.nanoTime();
        Set<String> notBack = ConcurrentHashMap.newKeySet();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> processes.stream().allMatch(ChaosProcess::ready));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            processes.stream().filter(p -> !p.ready()).forEach(p -> notBack.add(p.name()));
        }
        watching.set(false);
        watch.join();
        List<String> neverDown = processes.stream().map(ChaosProcess::name).filter(n -> !sawDown.contains(n))
                .toList();
        ChaosReport.record(SCENARIO, store + " away " + OUTAGE_SECONDS + " s: services whose readiness stayed UP",
                neverDown.isEmpty() ? "none" : neverDown, "none", neverDown.isEmpty());
        ChaosReport.record(SCENARIO, store + " back: services not ready within 60 s",
                notBack.isEmpty() ? "none (" + (System.nanoTime() - back) / 1_000_000 + " ms)" : notBack, "none",
                notBack.isEmpty());
        softly.assertThat(neverDown).as("services whose readiness stayed up while " + store + " was away").isEmpty();
        softly.assertThat(notBack).as("services not ready again after " + store + " came back").isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
