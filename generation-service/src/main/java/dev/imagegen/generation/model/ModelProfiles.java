package dev.imagegen.generation.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image models this suite accepts, as configuration: a new model is a config change, not a code
 * change. Profiles live under {@code imagegen.models.profiles."<name>".*}.
 */
@ConfigMapping(prefix = "imagegen.models")
public interface ModelProfiles {

    /** Model used when a request names none (the seed's {@code DALLE_MODEL}). */
    @WithName("default")
    @WithDefault("dall-e-3")
    String defaultModel();

    /** Every accepted model by name. */
    Map<String, Profile> profiles();

    default Optional<Profile> find(String model) {
        return Optional.ofNullable(profiles().get(model));
    }

    interface Profile {

        /** Accepted sizes, e.g. {@code 1024x1024}; the first is the default. */
        List<String> sizes();

        /** Accepted qualities; the first is the default. Empty where the model takes none. */
        Optional<List<String>> qualities();

        /** Accepted styles; the first is the default. Empty where the model takes no style. */
        Optional<List<String>> styles();

        /** Longest prompt the model accepts, in characters. */
        @WithDefault("4000")
        int promptLimit();

        /** Typical seconds from submit to stored, told to the client as {@code estimated_time}. */
        @WithDefault("15")
        int estimatedSeconds();
    }
}
