package dev.imagegen.chaos;

import dev.imagegen.chaos.harness.ChaosReport;
import dev.imagegen.chaos.harness.ChaosSuite;
import dev.imagegen.chaos.harness.ChaosUser;
import dev.imagegen.chaos.harness.FakeOpenAi;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Submits jobs with a marker in their prompt (so the fake OpenAI's calls are known by job), waits for them to end,
 * and checks what the suite promises about them against the database and the fake: every job ends, with a reason
 * if it failed; one gallery image per image of a completed job and none for any other; every charge matched by an
 * image or a refund; at most one paid answer per job.
 */
final class Jobs {

    /** An accepted job: its id and the marker its prompt carries. */
    record Job(UUID id, String marker) {
    }

    private final ChaosSuite suite;
    private final ConcurrentLinkedQueue<Job> accepted = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Integer> refusals = new HashMap<>();
    private final Map<String, String> samples = new HashMap<>();

    Jobs(ChaosSuite suite) {
        this.suite = suite;
    }

    static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** POST /images/generate at {@code baseUrl} (the gateway or a generation replica); the answer as it came. */
    HttpResponse<String> submit(String baseUrl, ChaosUser user, String marker) {
        HttpResponse<String> answer = suite.send("POST", baseUrl + "/images/generate", user.token(),
                "{\"prompt\":\"" + marker + " a lighthouse at dusk\"}");
        if (answer.statusCode() == 202) {
            accepted.add(new Job(UUID.fromString(suite.read(answer.body()).path("task_id").asText()), marker));
        } else {
            synchronized (refusals) {
                refusals.merge(answer.statusCode(), 1, Integer::sum);
                samples.putIfAbsent(baseUrl + " " + answer.statusCode(), answer.body());
            }
        }
        return answer;
    }

    /** A submit that may not get an answer at all (during an outage): status -1 then. */
    int trySubmit(String baseUrl, ChaosUser user) {
        try {
            return submit(baseUrl, user, marker()).statusCode();
        } catch (RuntimeException e) {
            synchronized (refusals) {
                refusals.merge(-1, 1, Integer::sum);
            }
            return -1;
        }
    }

    List<Job> accepted() {
        return List.copyOf(accepted);
    }

    /** Refused submits by status (-1: no answer). */
    Map<Integer, Integer> refusals() {
        synchronized (refusals) {
            return Map.copyOf(refusals);
        }
    }

    /** The first refusal body per intake URL and status, to say what a refusal looked like. */
    Map<String, String> refusalSamples() {
        synchronized (refusals) {
            return Map.copyOf(samples);
        }
    }

    /** Waits up to {@code atMost} for every accepted job to reach an end state; answers those that did not. */
    List<Job> awaitEnd(Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> unfinished().isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported by the caller as lost jobs
        }
        try {
            return unfinished();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Job> unfinished() throws SQLException {
        Map<UUID, String> status = statuses();
        return accepted.stream().filter(j -> !List.of("COMPLETED", "FAILED", "CANCELLED")
                .contains(status.getOrDefault(j.id(), "MISSING"))).toList();
    }

    private Map<UUID, String> statuses() throws SQLException {
        Map<UUID, String> status = new HashMap<>();
        for (Map<String, Object> row : suite.rows("SELECT id, status FROM generation.jobs")) {
            status.put((UUID) row.get("id"), (String) row.get("status"));
        }
        return status;
    }

    /**
     * Records the promises' figures for these jobs under {@code scenario} and answers the ones not met, as
     * readable lines (empty when all hold).
     */
    List<String> check(String scenario, List<Job> jobs, List<Job> lost) throws SQLException {
        List<String> broken = new ArrayList<>();
        Map<UUID, Map<String, Object>> rows = new HashMap<>();
        for (Map<String, Object> row : suite.rows("SELECT j.id, j.status, j.n, j.error_code, j.error_message,"
                + " c.state AS charge, c.images AS charged_images,"
                + " (SELECT count(*) FROM gallery.images i WHERE i.job_id = j.id) AS images,"
                + " (SELECT count(*) FROM worker.provider_calls p WHERE p.job_id = j.id AND p.outcome = 'succeeded')"
                + " AS paid_calls"
                + " FROM generation.jobs j LEFT JOIN generation.charges c ON c.job_id = j.id")) {
            rows.put((UUID) row.get("id"), row);
        }
        Map<String, Long> okAnswers = suite.openAi().calls().stream().filter(FakeOpenAi.Call::completedOk)
                .collect(Collectors.groupingBy(c -> c.prompt().split(" ")[0], Collectors.counting()));
        long completed = 0;
        long failed = 0;
        long failedWithoutReason = 0;
        long wrongImages = 0;
        long imagesOfUnfinished = 0;
        long settledWithoutImage = 0;
        long settledUnpaid = 0;
        long deadLettered = 0;
        long paidWithoutImageOrRefund = 0;
        long reservedLeft = 0;
        long paidTwice = 0;
        long answeredTwice = 0;
        for (Job job : jobs) {
            Map<String, Object> row = rows.get(job.id());
            if (row == null) {
                continue; // counted as lost
            }
            String status = (String) row.get("status");
            long images = ((Number) row.get("images")).longValue();
            int n = ((Number) row.get("n")).intValue();
            String charge = (String) row.get("charge");
            long paidCalls = ((Number) row.get("paid_calls")).longValue();
            if ("dead_lettered".equals(row.get("error_code"))) {
                deadLettered++;
            }
            if ("COMPLETED".equals(status)) {
                completed++;
                if (images != n) {
                    wrongImages++;
                    broken.add(job + " completed with " + images + " images for n=" + n);
                }
            } else {
                if ("FAILED".equals(status)) {
                    failed++;
                    if (row.get("error_code") == null) {
                        failedWithoutReason++;
                        broken.add(job + " failed with no reason");
                    }
                }
                if (images > 0) {
                    imagesOfUnfinished++;
                    broken.add(job + " is " + status + " but has " + images + " gallery images");
                }
            }
            if ("SETTLED".equals(charge) && images == 0 && paidCalls > 0) {
                settledWithoutImage++;
                broken.add(job + " charged (SETTLED) for a paid image that was lost, status " + status + " "
                        + row.get("error_code"));
            }
            if ("SETTLED".equals(charge) && images == 0 && paidCalls == 0) {
                settledUnpaid++;
                broken.add(job + " charged (SETTLED) though no provider call succeeded, status " + status + " "
                        + row.get("error_code"));
            }
            if ("RESERVED".equals(charge) && !lost.contains(job)) {
                reservedLeft++;
                broken.add(job + " ended " + status + " with its charge still RESERVED");
            }
            if (paidCalls > 0 && images == 0 && !"RELEASED".equals(charge)) {
                paidWithoutImageOrRefund++;
                broken.add(job + " paid at the provider, no image and no refund (charge " + charge + ")");
            }
            if (paidCalls > 1) {
                paidTwice++;
            }
            if (okAnswers.getOrDefault(job.marker(), 0L) > 1) {
                answeredTwice++;
            }
        }
        for (Job job : lost) {
            broken.add(job + " lost: status " + (rows.containsKey(job.id()) ? rows.get(job.id()).get("status")
                    : "no job row"));
        }
        ChaosReport.recordInfo(scenario, "jobs accepted", jobs.size());
        ChaosReport.recordInfo(scenario, "jobs completed / failed", completed + " / " + failed);
        ChaosReport.recordInfo(scenario, "of the failed: dead-lettered", deadLettered);
        ChaosReport.recordEquals(scenario, "jobs lost (no end state)", lost.size(), 0);
        ChaosReport.recordEquals(scenario, "failed jobs without a reason", failedWithoutReason, 0);
        ChaosReport.recordEquals(scenario, "completed jobs without exactly n images", wrongImages, 0);
        ChaosReport.recordEquals(scenario, "images of jobs not completed", imagesOfUnfinished, 0);
        ChaosReport.recordEquals(scenario, "user charged for a paid image that was lost", settledWithoutImage, 0);
        // generation-service's README counts a dead-lettered or timed-out job as spent; the promise says refund
        ChaosReport.recordEquals(scenario, "user charged though no provider call succeeded", settledUnpaid, 0);
        ChaosReport.recordEquals(scenario, "provider charges with no image and no refund", paidWithoutImageOrRefund,
                0);
        ChaosReport.recordEquals(scenario, "ended jobs with the charge still reserved", reservedLeft, 0);
        ChaosReport.recordEquals(scenario, "jobs with two succeeded provider calls recorded", paidTwice, 0);
        ChaosReport.recordInfo(scenario, "jobs the fake answered 200 more than once", answeredTwice);
        return broken;
    }
}
