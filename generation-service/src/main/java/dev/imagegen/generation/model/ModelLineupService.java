package dev.imagegen.generation.model;

import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.models.ModelShutdowns;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Today's {@link ModelLineup}. The shutdown dates the worker copies from the provider into Redis are read at most
 * once a minute, so a submit costs no Redis round trip; while Redis cannot answer, the last dates read (or the
 * configured ones) stand and intake goes on.
 */
@ApplicationScoped
public class ModelLineupService {

    static final Duration REFRESH = Duration.ofMinutes(1);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

    private final ModelProfiles profiles;
    private final ModelShutdowns shutdowns;
    private final Clock clock;
    private final AtomicReference<Announced> announced = new AtomicReference<>(new Announced(Map.of(), null));
    private final AtomicBoolean refreshing = new AtomicBoolean();

    public ModelLineupService(ModelProfiles profiles, ModelShutdowns shutdowns, Clock clock) {
        this.profiles = profiles;
        this.shutdowns = shutdowns;
        this.clock = clock;
    }

    public Uni<ModelLineup> current() {
        Instant now = clock.instant();
        Announced known = announced.get();
        // One request refreshes; the others meanwhile go on with the dates known.
        if (known.freshAt(now) || !refreshing.compareAndSet(false, true)) {
            return Uni.createFrom().item(lineup(known.dates(), now));
        }
        return shutdowns.announced()
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("Could not read the models' announced shutdown dates from Redis, keeping the last"
                            + " known: %s", e.getMessage());
                    return known.dates();
                })
                .invoke(dates -> announced.set(new Announced(Map.copyOf(dates), now)))
                .onTermination().invoke(() -> refreshing.set(false))
                .map(dates -> lineup(dates, now));
    }

    /** Says once, at start, which shut-down models run on a replacement and what the default model is. */
    void logAtStart(@Observes StartupEvent ignored) {
        ModelLineup lineup = current().await().atMost(REDIS_TIMEOUT.multipliedBy(2));
        for (String model : profiles.profiles().keySet().stream().sorted().toList()) {
            if (lineup.shutDown(model)) {
                LocalDate date = lineup.shutdownDate(model).orElseThrow();
                lineup.runsOn(model).ifPresentOrElse(
                        to -> Log.infof("Model %s was shut down on %s: requests for it run on %s, their options"
                                + " translated", model, date, to),
                        () -> Log.infof("Model %s was shut down on %s and nothing replaces it: requests for it are"
                                + " refused", model, date));
            }
        }
        String configured = profiles.defaultModel();
        String resolved = lineup.defaultModel();
        if (!profiles.profiles().containsKey(configured)) {
            Log.warnf("Default model %s (DALLE_MODEL) has no profile: requests without a model are refused",
                    configured);
        } else if (lineup.shutDown(resolved)) {
            Log.warnf("Default model %s (DALLE_MODEL) is shut down and nothing replaces it: requests without a"
                    + " model are refused", configured);
        } else if (!resolved.equals(configured)) {
            Log.infof("Default model: %s (DALLE_MODEL) is shut down; requests without a model run on %s",
                    configured, resolved);
        } else {
            Log.infof("Default model: %s", resolved);
        }
        if (lineup.status(resolved) == ModelLineup.Status.SHUTTING_DOWN) {
            Log.warnf("Default model %s shuts down on %s", resolved, lineup.shutdownDate(resolved).orElseThrow());
        }
    }

    private ModelLineup lineup(Map<String, LocalDate> dates, Instant now) {
        return new ModelLineup(profiles, dates, LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    /** Announced dates as read at {@code readAt}; null before the first read. */
    private record Announced(Map<String, LocalDate> dates, Instant readAt) {

        /** Read less than a minute ago; a clock set back counts as stale. */
        boolean freshAt(Instant now) {
            return readAt != null && !now.isBefore(readAt) && now.isBefore(readAt.plus(REFRESH));
        }
    }
}
