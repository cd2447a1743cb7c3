package dev.imagegen.generation.model;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.imagegen.common.models.ModelProfiles;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which models work on one day: every configured profile, its shutdown date (the provider's announcement, else
 * the configured one) and what runs in place of a model that is shut down.
 *
 * @param announced shutdown dates the provider announced, by model
 */
public record ModelLineup(ModelProfiles profiles, Map<String, LocalDate> announced, LocalDate today) {

    public enum Status {
        ACTIVE, SHUTTING_DOWN, SHUT_DOWN;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Optional<LocalDate> shutdownDate(String model) {
        LocalDate date = announced.get(model);
        return date != null ? Optional.of(date) : profiles.find(model).flatMap(ModelProfiles.Profile::shutdownDate);
    }

    /** Shut down on or before today. */
    public boolean shutDown(String model) {
        return shutdownDate(model).map(date -> !date.isAfter(today)).orElse(false);
    }

    public Status status(String model) {
        return shutdownDate(model).map(date -> !date.isAfter(today) ? Status.SHUT_DOWN
                : !date.isAfter(today.plusDays(profiles.shutdownWarningDays())) ? Status.SHUTTING_DOWN
                : Status.ACTIVE).orElse(Status.ACTIVE);
    }

    /**
     * The models a request for {@code model} passes through to reach one that works: {@code [model]} when it works
     * itself, then each configured replacement while the last one is shut down too. Empty when the chain ends in a
     * shut-down model with no replacement, or loops back.
     */
    public Optional<List<String>> route(String model) {
        List<String> hops = new ArrayList<>(List.of(model));
        String at = model;
        while (shutDown(at)) {
            Optional<String> next = profiles.replacementFor(at);
            if (next.isEmpty() || hops.contains(next.get())) {
                return Optional.empty();
            }
            at = next.get();
            hops.add(at);
        }
        return Optional.of(List.copyOf(hops));
    }

    /** The working model a request for {@code model} runs on: itself, or what replaces it. */
    public Optional<String> runsOn(String model) {
        return route(model).map(hops -> hops.get(hops.size() - 1));
    }

    /** The working model that takes over from {@code model} when it shuts down, whether or not it has yet. */
    public Optional<String> replacedBy(String model) {
        return profiles.replacementFor(model).flatMap(this::runsOn);
    }

    /** The model a request naming none runs on: the configured default, or what replaces it once shut down. */
    public String defaultModel() {
        return runsOn(profiles.defaultModel()).orElse(profiles.defaultModel());
    }

    /** Every model that is not shut down, by name. */
    public List<String> working() {
        return profiles.profiles().keySet().stream().filter(model -> !shutDown(model)).sorted().toList();
    }
}
