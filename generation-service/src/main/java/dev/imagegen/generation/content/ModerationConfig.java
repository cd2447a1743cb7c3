package dev.imagegen.generation.content;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** OpenAI's moderation check of prompts, after the blocklist and before anything is reserved or queued. */
@ConfigMapping(prefix = "imagegen.moderation")
public interface ModerationConfig {

    /** Whether prompts go to {@code /v1/moderations} (MODERATION_ENABLED); it also needs an API key. */
    @WithDefault("false")
    boolean enabled();

    /** OpenAI API key (OPENAI_API_KEY), sent as a bearer token. Never logged. */
    Optional<String> apiKey();

    /** Moderation model (MODERATION_MODEL). */
    @WithDefault("omni-moderation-latest")
    String model();

    /** How long a submit waits for the check before answering 503 (MODERATION_TIMEOUT). */
    @WithDefault("5s")
    Duration timeout();
}
