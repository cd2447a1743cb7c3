package dev.imagegen.worker.ratelimit;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared bucket against the real Redis, with two limiters standing for two worker processes. */
@QuarkusTest
class ProviderRateLimiterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ReactiveRedisDataSource redis;

    ProviderRateLimiterTest(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Test
    void twoWorkersTogetherStayWithinTheProvidersLimit() {
        String key = "test-ratelimit-" + UUID.randomUUID();
        int perMinute = 120; // the fake provider's limit: 2 a second
        ProviderRateLimiter first = new ProviderRateLimiter(redis, key, perMinute, 1);
        ProviderRateLimiter second = new ProviderRateLimiter(redis, key, perMinute, 1);
        List<Long> calls = Collections.synchronizedList(new ArrayList<>());

        List<Uni<Void>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ProviderRateLimiter worker = i % 2 == 0 ? first : second;
            all.add(worker.acquire().invoke(() -> calls.add(System.nanoTime())));
        }
        Uni.join().all(all).andFailFast().await().atMost(WAIT);

        List<Long> sorted = calls.stream().sorted().toList();
        assertThat(sorted).hasSize(8);
        // A fake that refuses more than 2 calls in any second would have answered none of these with 429.
        for (int i = 2; i < sorted.size(); i++) {
            assertThat(Duration.ofNanos(sorted.get(i) - sorted.get(i - 2)).toMillis())
                    .as("calls %d and %d", i - 2, i).isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    void aPauseHoldsEveryWorkerBackUntilItEnds() {
        String key = "test-ratelimit-" + UUID.randomUUID();
        ProviderRateLimiter first = new ProviderRateLimiter(redis, key, 6000, 10);
        ProviderRateLimiter second = new ProviderRateLimiter(redis, key, 6000, 10);
        first.acquire().await().atMost(WAIT);

        long start = System.nanoTime();
        first.pause(Duration.ofMillis(1500)).await().atMost(WAIT);
        second.acquire().await().atMost(WAIT);

        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isGreaterThanOrEqualTo(1450);
    }
}
