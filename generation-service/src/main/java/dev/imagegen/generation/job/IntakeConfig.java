package dev.imagegen.generation.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The intake switch. */
@ConfigMapping(prefix = "imagegen.generation")
public interface IntakeConfig {

    /** Whether new jobs are accepted (the seed's {@code IMAGE_GENERATION_ENABLED}); off, submits answer 503. */
    @WithDefault("true")
    boolean enabled();
}
