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

    /** Jobs one worker process handles at once (WORKER_MAX_IN_FLIGHT); provider calls are non-blocking. */
    @WithDefault("64")
    int maxInFlight();

    /** How long a generated image waits under its claim-check key for gallery-service. */
    @WithDefault("1h")
    Duration claimTtl();

    /** OpenAI API key (OPENAI_API_KEY); absent means the offline provider. Never logged. */
    Optional<String> openaiApiKey();

    /** Base URL of the OpenAI-compatible API (OPENAI_BASE_URL); in Azure mode the resource endpoint. */
    @WithDefault("https://api.openai.com/v1")
    String openaiBaseUrl();

    /** Sent as {@code OpenAI-Organization} when set (OPENAI_ORGANIZATION). */
    Optional<String> openaiOrganization();

    /** Sent as {@code OpenAI-Project} when set (OPENAI_PROJECT). */
    Optional<String> openaiProject();

    /** Time limit of one provider call, in seconds (DALLE_TIMEOUT_SECONDS). */
    @WithDefault("60")
    int timeoutSeconds();

    /** Retries of one provider call on rate limits, 408/409/5xx and timeouts (DALLE_MAX_RETRIES). */
    @WithDefault("3")
    int maxRetries();

    /** First delay between retries of a provider call; it doubles up to 16 times this (the seed's 1, 2, 4, 8, 16 s). */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * Longest the stream runner lets one job entry's handling take before cancelling it (the entry then stays pending
     * for another delivery). It must exceed what a job may legitimately take, or live jobs would be cut off and
     * paid twice: waiting for a duplicate's lease (up to {@code hard-time-limit} + {@code lease-ttl}), then the job
     * itself (up to {@code hard-time-limit}, which already bounds {@code timeout-seconds} × ({@code max-retries} + 1)
     * plus the backoff: 4 × 60 s + ~7 s by default). 12 min covers both with room to spare.
     */
    @WithDefault("12m")
    Duration handlerTimeout();

    /**
     * Life of a job's lease in Redis without renewal (it is renewed three times per life while the job runs). A
     * worker that dies holds its jobs this long; absent, {@code imagegen.streams.claim-idle}, after which its entries
     * are claimed by another worker anyway.
     */
    Optional<Duration> leaseTtl();

    /** Largest image downloaded from a URL the provider answers with, in MB (MAX_IMAGE_SIZE_MB, as gallery-service). */
    @WithDefault("10")
    int maxImageSizeMb();

    /** A job still unfinished after this gets a {@code progress} event with stage {@code slow} (the seed's soft limit). */
    @WithDefault("240s")
    Duration softTimeLimit();

    /** A job unfinished after this fails with {@code time_limit_exceeded} (the seed's hard limit). */
    @WithDefault("300s")
    Duration hardTimeLimit();

    /** Whether to ask the provider at start whether the default model exists. */
    @WithDefault("true")
    boolean checkModel();

    /**
     * How often to read the models' shutdown dates from the provider ({@code GET /v1/models}); the first read is
     * at start. Only with an OpenAI key and api-type openai.
     */
    @WithDefault("24h")
    Duration modelShutdownCheckInterval();

    /** openai, or azure for Azure OpenAI's deployment path, {@code api-version} and {@code api-key} header (OPENAI_API_TYPE). */
    @WithDefault("openai")
    ApiType apiType();

    /** Azure OpenAI settings, used when {@code api-type} is azure. */
    Azure azure();

    /** The provider rate limit shared by every worker. */
    RateLimit rateLimit();

    interface Azure {

        /** Azure's {@code api-version} query parameter (OPENAI_API_VERSION). */
        @WithDefault("2024-02-01")
        String apiVersion();

        /** Deployment to call; the model name when absent (AZURE_OPENAI_DEPLOYMENT). */
        Optional<String> deployment();
    }

    interface RateLimit {

        /** Images per minute all workers together may ask of the provider (IMAGEGEN_PROVIDER_IMAGES_PER_MINUTE). */
        @WithDefault("50")
        int imagesPerMinute();

        /** Calls that may start at once after a quiet spell; 1 spaces every call evenly. */
        @WithDefault("1")
        int burst();
    }

    enum ApiType {
        OPENAI, AZURE
    }

    enum ProviderChoice {
        AUTO, OFFLINE, OPENAI
    }
}
