package dev.imagegen.generation.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The clock that decides which UTC day and month a charge falls in; tests may swap it. */
@ApplicationScoped
public class QuotaClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
