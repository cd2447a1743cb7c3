package dev.imagegen.worker.provider;

import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.models.ModelShutdowns;
import dev.imagegen.worker.WorkerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Learns when the provider shuts the configured models down, as OpenAI advises: {@code GET /v1/models} and each
 * model's {@code shutdown_date}, at start and then daily. Every date of a configured profile is announced through
 * {@link ModelShutdowns} (generation-service then switches to the replacement on that day), kept as the gauge
 * {@value #GAUGE} (days left, negative after), and logged as a WARN while within the warning window.
 */
@ApplicationScoped
public class ModelShutdownCheck {

    static final String GAUGE = "imagegen.model.shutdown.days";

    private final WorkerConfig config;
    private final ModelProfiles models;
    private final ModelShutdowns shutdowns;
    private final OpenAiImageProvider openAi;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Map<String, AtomicLong> daysLeft = new ConcurrentHashMap<>();
    private volatile long timer = -1;

    public ModelShutdownCheck(WorkerConfig config, ModelProfiles models, ModelShutdowns shutdowns,
            OpenAiImageProvider openAi, MeterRegistry registry, Vertx vertx) {
        this.config = config;
        this.models = models;
        this.shutdowns = shutdowns;
        this.openAi = openAi;
        this.registry = registry;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        // Only OpenAI itself announces shutdowns; Azure deployments and compatible servers have no such list.
        if (config.openaiApiKey().filter(key -> !key.isBlank()).isEmpty()
                || config.apiType() != WorkerConfig.ApiType.OPENAI) {
            return;
        }
        run();
        timer = vertx.setPeriodic(config.modelShutdownCheckInterval().toMillis(), id -> run());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void run() {
        check().subscribe().with(found -> Log.debugf("Model shutdown check: %d dated models", found.size()),
                failure -> Log.warnf("Model shutdown check: could not list the provider's models: %s",
                        failure.getMessage()));
    }

    /** Reads the provider's dates and records those of configured models; answers them by model. */
    public Uni<Map<String, LocalDate>> check() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return openAi.listModels().chain(listed -> {
            Map<String, LocalDate> found = dated(listed);
            Uni<Void> announced = Uni.createFrom().voidItem();
            for (Map.Entry<String, LocalDate> entry : found.entrySet()) {
                record(entry.getKey(), entry.getValue(), today);
                announced = announced.chain(() -> shutdowns.announce(entry.getKey(), entry.getValue()));
            }
            return announced.replaceWith(found);
        });
    }

    private Map<String, LocalDate> dated(List<OpenAiImagesClient.ModelInfo> listed) {
        Map<String, LocalDate> found = new TreeMap<>();
        for (OpenAiImagesClient.ModelInfo model : listed) {
            if (model.id() == null || model.shutdownDate() == null || !models.profiles().containsKey(model.id())) {
                continue;
            }
            try {
                found.put(model.id(), LocalDate.parse(model.shutdownDate().trim()));
            } catch (DateTimeParseException e) {
                Log.debugf("Model %s has an unreadable shutdown_date '%s'", model.id(), model.shutdownDate());
            }
        }
        return found;
    }

    private void record(String model, LocalDate date, LocalDate today) {
        long days = ChronoUnit.DAYS.between(today, date);
        daysLeft.computeIfAbsent(model, name -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(GAUGE, holder, AtomicLong::get).tag("model", name).strongReference(true)
                    .description("Days until the provider shuts the model down (negative after)").register(registry);
            return holder;
        }).set(days);
        if (days > models.shutdownWarningDays()) {
            return;
        }
        String instead = models.replacementFor(model).map(replacement -> "its replacement is " + replacement)
                .orElse("no replacement is configured (MODEL_REPLACEMENTS)");
        if (days < 0) {
            Log.warnf("Model %s was shut down by the provider on %s; %s", model, date, instead);
        } else {
            Log.warnf("Model %s shuts down on %s, in %d days; %s", model, date, days, instead);
        }
    }
}
