package dev.imagegen.chaos;

import dev.imagegen.chaos.harness.ChaosExtension;
import dev.imagegen.chaos.harness.ChaosProcess;
import dev.imagegen.chaos.harness.ChaosReport;
import dev.imagegen.chaos.harness.ChaosSuite;
import dev.imagegen.chaos.harness.ChaosUser;
import dev.imagegen.chaos.harness.FakeOpenAi;
import dev.imagegen.chaos.harness.RespClient;
import dev.imagegen.chaos.harness.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 1: a worker is killed with SIGKILL at random moments of a job (before its provider call, during it,
 * right after the answer, a little later while the result is parked and announced) under a steady stream of jobs,
 * and started again; the other worker and the restarted one must finish every job once.
 */
@ExtendWith(ChaosExtension.class)
class WorkerKillIT {

    private static final String SCENARIO = "1 worker kill -9";
    private static final int KILLS = Integer.getInteger("chaos.kills", 20);
    private static final int JOBS_PER_SECOND = Integer.getInteger("chaos.jobs-per-second", 4);

    /** When in a job's life the kill lands. */
    enum Moment {
        /** a job was just queued: the worker is reading or starting it */
        BEFORE_CALL,
        /** the provider has the request and has not answered */
        DURING_CALL,
        /** the answer was just written: the worker is recording the call and parking the image */
        AFTER_CALL,
        /** a few tens of milliseconds after the answer: parking the image, XADD of generated, the ack */
        DURING_EVENT
    }

    private final Random random = new Random();

    @Test
    void killedWorkersLoseNoJobAndMakeNoSecondImage(ChaosSuite suite) throws Exception {
        FakeOpenAi openAi = suite.openAi();
        openAi.healthy(Duration.ofMillis(300), Duration.ofMillis(1500));
        Jobs jobs = new Jobs(suite);
        List<ChaosUser> users = List.of(suite.register(), suite.register(), suite.register());
        List<String> intakes = List.of(suite.gatewayUrl(), suite.process(Service.GENERATION, 2).url());

        AtomicBoolean submitting = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (submitting.get()) {
                int k = i++;
                pool.submit(() -> {
                    jobs.trySubmit(intakes.get(k % 2), users.get(k % users.size()));
                });
                sleep(1000 / JOBS_PER_SECOND);
            }
        });

        Map<Moment, Integer> byMoment = new EnumMap<>(Moment.class);
        long heldAtKills = 0;
        Map<Integer, CompletableFuture<Void>> restarts = new HashMap<>();
        try {
            for (int kill = 0; kill < KILLS; kill++) {
                // one worker down at a time: the last victim is ready again before the next kill (killing faster
                // redelivers the same entries past max-deliveries, and they are dead-lettered)
                restarts.values().forEach(CompletableFuture::join);
                Moment moment = Moment.values()[random.nextInt(Moment.values().length)];
                ChaosProcess victim = awaitMoment(suite, moment);
                heldAtKills += held(suite, victim);
                victim.kill9();
                byMoment.merge(moment, 1, Integer::sum);
                restarts.put(victim.replica(), CompletableFuture.runAsync(() -> {
                    try {
                        victim.start();
                        victim.awaitReady();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            restarts.values().forEach(CompletableFuture::join);
            sleep(2000); // a last stretch with both workers up
        } finally {
            submitting.set(false);
            stream.join();
            pool.shutdown();
            pool.awaitTermination(60, TimeUnit.SECONDS);
            openAi.removeListeners();
        }

        List<Jobs.Job> accepted = jobs.accepted();
        List<Jobs.Job> lost = jobs.awaitEnd(Duration.ofSeconds(120));
        List<String> broken = jobs.check(SCENARIO, accepted, lost);
        long calls = openAi.calls().size();
        ChaosReport.recordInfo(SCENARIO, "kills (before / during / after call / during event)",
                byMoment.getOrDefault(Moment.BEFORE_CALL, 0) + " / " + byMoment.getOrDefault(Moment.DURING_CALL, 0)
                        + " / " + byMoment.getOrDefault(Moment.AFTER_CALL, 0) + " / "
                        + byMoment.getOrDefault(Moment.DURING_EVENT, 0));
        ChaosReport.recordInfo(SCENARIO, "jobs held by the killed workers", heldAtKills);
        ChaosReport.recordInfo(SCENARIO, "submits refused (status: count)", jobs.refusals());
        ChaosReport.recordAtMost(SCENARIO, "provider calls (jobs + held at kills)", calls,
                accepted.size() + heldAtKills);

        assertThat(broken).as("broken promises").isEmpty();
        assertThat(calls).as("provider calls").isLessThanOrEqualTo(accepted.size() + heldAtKills);
        assertThat(jobs.refusals()).as("refused submits while only workers die").isEmpty();
    }

    /** Waits for the moment to come and answers the worker to kill then. */
    private ChaosProcess awaitMoment(ChaosSuite suite, Moment moment) {
        List<ChaosProcess> workers = suite.processes(Service.WORKER);
        if (moment == Moment.BEFORE_CALL) {
            List<ChaosProcess> up = workers.stream().filter(ChaosProcess::alive).toList();
            return up.isEmpty() ? workers.get(0) : up.get(random.nextInt(up.size()));
        }
        CompletableFuture<FakeOpenAi.Call> seen = new CompletableFuture<>();
        if (moment == Moment.DURING_CALL) {
            suite.openAi().onCallStarted(seen::complete);
        } else {
            suite.openAi().onCallCompleted(call -> {
                if (call.status() == 200) {
                    seen.complete(call);
                }
            });
        }
        FakeOpenAi.Call call = seen.orTimeout(60, TimeUnit.SECONDS).join();
        suite.openAi().removeListeners();
        switch (moment) {
            case DURING_CALL -> sleep(random.nextInt(250));
            case DURING_EVENT -> sleep(2 + random.nextInt(40));
            default -> {
            }
        }
        return suite.process(Service.WORKER, call.worker());
    }

    /** Entries of the jobs stream the worker holds (its consumer is named {@code <host>-<pid>}). */
    private static long held(ChaosSuite suite, ChaosProcess worker) throws Exception {
        try (RespClient redis = suite.redisClient()) {
            return redis.list("XPENDING", suite.streamsPrefix() + ":jobs", "workers", "-", "+", "100000").stream()
                    .map(e -> (String) ((List<?>) e).get(1))
                    .filter(consumer -> consumer.endsWith("-" + worker.pid()))
                    .count();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
