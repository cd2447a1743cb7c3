package dev.imagegen.worker.provider;

import dev.imagegen.common.events.JobMessage;
import dev.imagegen.worker.WorkerConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.ws.rs.ProcessingException;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Calls OpenAI's (or any compatible server's) images API. Rate limits, 5xx and timeouts are retried
 * with backoff up to {@code imagegen.worker.max-retries}; refusals and bad requests fail the job at once.
 */
@ApplicationScoped
@Typed(OpenAiImageProvider.class)
public class OpenAiImageProvider implements ImageProvider {

    public static final String NAME = "openai";

    private final WorkerConfig config;
    private final OpenAiImagesClient client;

    public OpenAiImageProvider(WorkerConfig config) {
        this.config = config;
        this.client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.openaiBaseUrl()))
                .connectTimeout(10, TimeUnit.SECONDS)
                .build(OpenAiImagesClient.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultModel() {
        return config.model();
    }

    @Override
    public Uni<GeneratedImage> generate(JobMessage job) {
        String model = modelFor(job);
        String authorization = "Bearer " + config.openaiApiKey().orElseThrow();
        return Uni.createFrom().deferred(() -> client.generate(authorization, request(job, model)))
                .ifNoItem().after(Duration.ofSeconds(config.timeoutSeconds())).fail()
                .onFailure(TimeoutException.class).transform(e -> new ProviderException("provider_timeout",
                        "The image provider did not answer within " + config.timeoutSeconds() + " s", true))
                .onFailure(OpenAiImageProvider::retryable).retry()
                .withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(16)).withJitter(0.2)
                .atMost(config.maxRetries())
                .map(response -> image(job, model, response));
    }

    private static boolean retryable(Throwable failure) {
        // ProcessingException: the connection failed or dropped, nothing was answered.
        return failure instanceof ProviderException e ? e.retryable() : failure instanceof ProcessingException;
    }

    private static OpenAiImagesClient.ImagesRequest request(JobMessage job, String model) {
        // dall-e-3 takes quality, style and response_format; dall-e-2 takes no quality or style; GPT-Image
        // models always answer base64 and take no style.
        boolean dallE3 = "dall-e-3".equals(model);
        boolean dallE = model.startsWith("dall-e");
        return new OpenAiImagesClient.ImagesRequest(model, job.prompt(), 1, job.size(),
                dallE3 || !dallE ? job.quality() : null, dallE3 ? job.style() : null, dallE ? "b64_json" : null);
    }

    private static GeneratedImage image(JobMessage job, String model, OpenAiImagesClient.ImagesResponse response) {
        if (response == null || response.data() == null || response.data().isEmpty()
                || response.data().get(0).b64Json() == null) {
            throw new ProviderException("provider_error", "The image provider answered without an image", false);
        }
        OpenAiImagesClient.ImageData data = response.data().get(0);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.b64Json());
        } catch (IllegalArgumentException e) {
            throw new ProviderException("provider_error", "The image provider answered with unreadable data",
                    false);
        }
        String revised = data.revisedPrompt() == null || data.revisedPrompt().isBlank() ? job.prompt()
                : data.revisedPrompt();
        return new GeneratedImage(bytes, revised, model, OpenAiPrices.of(model, job.size(), job.quality()));
    }
}
