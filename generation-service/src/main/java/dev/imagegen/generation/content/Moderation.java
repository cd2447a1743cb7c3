package dev.imagegen.generation.content;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Asks OpenAI's moderation endpoint about a prompt when moderation is on. It fails closed: when the check cannot
 * be made, the submit is refused with 503 rather than queued unchecked.
 */
@ApplicationScoped
public class Moderation {

    private final OpenAiModerationApi api;
    private final ModerationConfig config;

    Moderation(@RestClient OpenAiModerationApi api, ModerationConfig config) {
        this.api = api;
        this.config = config;
    }

    void announce(@Observes StartupEvent ignored) {
        if (config.enabled() && config.apiKey().isEmpty()) {
            Log.warn("MODERATION_ENABLED is true but OPENAI_API_KEY is not set: prompts are checked by the blocklist"
                    + " only");
        } else if (active()) {
            Log.infof("Prompts are checked by OpenAI moderation (%s)", config.model());
        }
    }

    boolean active() {
        return config.enabled() && config.apiKey().filter(key -> !key.isBlank()).isPresent();
    }

    /** @return the categories OpenAI flagged, in words; empty when the prompt is allowed or the check is off */
    Uni<List<String>> flagged(String prompt) {
        if (!active()) {
            return Uni.createFrom().item(List.of());
        }
        return api.moderate("Bearer " + config.apiKey().orElseThrow(),
                        new OpenAiModerationApi.Request(config.model(), prompt))
                .ifNoItem().after(config.timeout()).fail()
                .map(Moderation::categories)
                .onFailure().transform(Moderation::unavailable);
    }

    private static List<String> categories(OpenAiModerationApi.Result result) {
        TreeSet<String> flagged = new TreeSet<>();
        for (OpenAiModerationApi.Verdict verdict : Objects.requireNonNullElse(result.results(),
                List.<OpenAiModerationApi.Verdict>of())) {
            if (!verdict.flagged()) {
                continue;
            }
            Map<String, Boolean> categories = Objects.requireNonNullElse(verdict.categories(), Map.of());
            categories.forEach((name, on) -> {
                if (Boolean.TRUE.equals(on)) {
                    flagged.add(words(name));
                }
            });
            if (flagged.isEmpty()) {
                flagged.add("unsafe content");
            }
        }
        return List.copyOf(flagged);
    }

    /** {@code self-harm/intent} → {@code self harm (intent)}. */
    private static String words(String category) {
        String[] parts = category.replace('-', ' ').replace('_', ' ').split("/", 2);
        return parts.length == 1 ? parts[0] : parts[0] + " (" + parts[1] + ")";
    }

    private static Throwable unavailable(Throwable failure) {
        Optional<String> retryAfter = Optional.empty();
        String why;
        if (failure instanceof WebApplicationException e) {
            why = "HTTP " + e.getResponse().getStatus();
            retryAfter = Optional.ofNullable(e.getResponse().getHeaderString(HttpHeaders.RETRY_AFTER));
        } else if (failure instanceof TimeoutException) {
            why = "no answer in time";
        } else {
            why = failure.getClass().getSimpleName();
        }
        // Only the status or the kind of failure: the request carried the API key.
        Log.warnf("OpenAI moderation check failed (%s); the submit is refused", why);
        return new ModerationUnavailableException(retryAfter.orElse(null));
    }
}
