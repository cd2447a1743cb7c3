package dev.imagegen.generation.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: real time, shifted by whatever a test asks, so a test can stand just before UTC
 * midnight or an hour past a reservation's lifetime. Tests put it back when they finish.
 */
@ApplicationScoped
public class MovableClock {

    private static volatile Duration offset = Duration.ZERO;

    @Produces
    @Singleton
    Clock clock() {
        return new Shifted(ZoneOffset.UTC);
    }

    /** From now on the service's clock reads {@code at}, and runs on from there. */
    public static void moveTo(Instant at) {
        offset = Duration.between(Instant.now(), at);
    }

    public static void moveBy(Duration by) {
        offset = offset.plus(by);
    }

    public static void reset() {
        offset = Duration.ZERO;
    }

    private static final class Shifted extends Clock {

        private final ZoneId zone;

        Shifted(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new Shifted(other);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
