package dev.imagegen.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The worker's settings; the seed's environment names (OPENAI_API_KEY, DALLE_*) map onto them. */
@ConfigMapping(prefix = "imagegen.worker")
public interface WorkerConfig {

    /** Which provider renders images: auto (OpenAI when a key is set, else offline), offline or openai. */
    @WithDefault("auto")
    ProviderChoice provider();

    /** How long a generated image waits under its claim-check key for gallery-service. */
    @WithDefault("1h")
    Duration claimTtl();

    /** OpenAI API key (OPENAI_API_KEY); absent means the offline provider. Never logged. */
    Optional<String> openaiApiKey();

    /** Base URL of the OpenAI-compatible API (OPENAI_BASE_URL). */
    @WithDefault("https://api.openai.com/v1")
    String openaiBaseUrl();

    /** Model asked of the provider when a job names none (DALLE_MODEL). */
    @WithDefault("dall-e-3")
    String model();

    /** Time limit of one provider call, in seconds (DALLE_TIMEOUT_SECONDS). */
    @WithDefault("60")
    int timeoutSeconds();

    /** Retries of one provider call on rate limits, 5xx and timeouts (DALLE_MAX_RETRIES). */
    @WithDefault("3")
    int maxRetries();

    /** First delay between retries of a provider call; it doubles up to 16 times this (the seed's 1, 2, 4, 8, 16 s). */
    @WithDefault("1s")
    Duration retryBackoff();

    enum ProviderChoice {
        AUTO, OFFLINE, OPENAI
    }
}
