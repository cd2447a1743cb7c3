package dev.imagegen.generation.quota;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The clock that decides which UTC day and month a charge falls in; a test's own {@code Clock} bean replaces it. */
@ApplicationScoped
public class QuotaClock {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
