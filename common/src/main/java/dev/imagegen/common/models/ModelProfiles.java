package dev.imagegen.common.models;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image models this suite accepts, as configuration shared by intake validation and the worker: a new
 * model is a config change, not a code change. Profiles ship in common's
 * {@code META-INF/microprofile-config.properties} under {@code imagegen.models.profiles."<name>".*}; a service's
 * application.properties or environment overrides or adds to them.
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
        return model == null ? Optional.empty() : Optional.ofNullable(profiles().get(model));
    }

    interface Profile {

        /** Accepted sizes, e.g. {@code 1024x1024}; the first is the default. */
        List<String> sizes();

        /** Accepted qualities; the first is the default. Empty where the model takes none. */
        Optional<List<String>> qualities();

        /** Accepted styles; the first is the default. Empty where the model takes no style. */
        Optional<List<String>> styles();

        /** Whether the model takes {@code response_format} (dall-e models); others always answer base64. */
        @WithDefault("false")
        boolean responseFormat();

        /** Longest prompt the model accepts, in characters. */
        @WithDefault("4000")
        int promptLimit();

        /** Typical seconds from submit to stored, told to the client as {@code estimated_time}. */
        @WithDefault("15")
        int estimatedSeconds();

        /**
         * USD per image, keyed {@code quality/size}, {@code quality} or {@code size} (most specific wins); a
         * combination without a price is charged the table's highest, never nothing.
         */
        Map<String, BigDecimal> prices();

        /** The list price of one image of this size and quality. */
        default BigDecimal price(String size, String quality) {
            Map<String, BigDecimal> table = prices();
            if (quality != null && size != null && table.containsKey(quality + "/" + size)) {
                return table.get(quality + "/" + size);
            }
            if (quality != null && table.containsKey(quality)) {
                return table.get(quality);
            }
            if (size != null && table.containsKey(size)) {
                return table.get(size);
            }
            return table.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        }
    }
}
