package dev.imagegen.worker.provider;

import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.models.TokenUsage;
import dev.imagegen.worker.WorkerConfig;
import dev.imagegen.worker.ratelimit.ProviderRateLimiter;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.ws.rs.ProcessingException;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Calls OpenAI's (or any compatible server's, or Azure OpenAI's) images API. Every call waits for the
 * shared rate limiter; 429s wait the provider's Retry-After (and pause every worker), 408/409/5xx,
 * timeouts and dropped connections back off 1, 2, 4, 8, 16 s with jitter, up to
 * {@code imagegen.worker.max-retries}; refusals and bad requests fail the job at once.
 */
@ApplicationScoped
@Typed(OpenAiImageProvider.class)
public class OpenAiImageProvider implements ImageProvider {

    public static final String NAME = "openai";

    private final WorkerConfig config;
    private final ModelProfiles models;
    private final ProviderRateLimiter limiter;
    private final ProviderStatus status;
    private final ProviderMetrics metrics;
    private final OpenAiImagesClient client;
    // No redirects: the provider's image URL is the file itself, and a redirect could lead anywhere.
    private final HttpClient downloads = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public OpenAiImageProvider(WorkerConfig config, ModelProfiles models, ProviderRateLimiter limiter,
            ProviderStatus status, ProviderMetrics metrics) {
        this.config = config;
        this.models = models;
        this.limiter = limiter;
        this.status = status;
        this.metrics = metrics;
        this.client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.openaiBaseUrl()))
                .connectTimeout(10, TimeUnit.SECONDS)
                // One connection per job in flight: calls are slow, and a queue here would hide in-flight work.
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, config.maxInFlight())
                .build(OpenAiImagesClient.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultModel() {
        return models.defaultModel();
    }

    @Override
    public Uni<Void> checkModel() {
        String model = defaultModel();
        if (!config.checkModel()) {
            return Uni.createFrom().voidItem();
        }
        if (config.apiType() == WorkerConfig.ApiType.AZURE) {
            status.modelChecked(ProviderStatus.ModelCheck.NOT_CHECKED, "Azure deployments are not checked");
            return Uni.createFrom().voidItem();
        }
        return client.model(model, authorization(), config.openaiOrganization().orElse(null),
                config.openaiProject().orElse(null))
                .ifNoItem().after(Duration.ofSeconds(config.timeoutSeconds())).fail()
                .onItemOrFailure().invoke((info, failure) -> {
                    if (failure == null) {
                        Log.infof("Model check: the provider has model %s", model);
                        status.modelChecked(ProviderStatus.ModelCheck.AVAILABLE, "");
                    } else if (failure instanceof ProviderException e && e.code().equals("model_unavailable")) {
                        Log.errorf("Model check: the provider at %s has NO model named %s; jobs for it will fail "
                                + "with model_unavailable. Set DALLE_MODEL to a model it offers.",
                                config.openaiBaseUrl(), model);
                        status.modelChecked(ProviderStatus.ModelCheck.MISSING,
                                "the provider has no model named " + model);
                    } else {
                        if (failure instanceof ProviderException e && e.code().equals("provider_auth")) {
                            status.credentialsRefused();
                        }
                        Log.warnf("Model check: could not ask the provider about model %s: %s", model,
                                failure.getMessage());
                        status.modelChecked(ProviderStatus.ModelCheck.FAILED, failure.getMessage());
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Override
    public Uni<GeneratedImage> generate(JobMessage job) {
        String model = modelFor(job);
        ModelProfiles.Profile profile = models.find(model).orElse(null);
        if (profile == null) {
            return Uni.createFrom().failure(new ProviderException("model_unavailable",
                    "No model profile is configured for " + model, false));
        }
        OpenAiImagesClient.ImagesRequest request = request(job, model, profile);
        return attempt(request, model, 0)
                .onFailure(ProviderException.class).transform(failure -> withReplacement(model, failure))
                .chain(response -> images(job, model, profile, request, response));
    }

    /** Each option only where the model takes it, so one profile format serves OpenAI, Azure and compatible servers. */
    private static OpenAiImagesClient.ImagesRequest request(JobMessage job, String model, ModelProfiles.Profile profile) {
        return new OpenAiImagesClient.ImagesRequest(model, job.providerPrompt(), job.images(),
                job.size() != null ? job.size() : profile.sizes().get(0),
                profile.qualities().isPresent() ? job.quality() : null,
                profile.styles().isPresent() ? job.style() : null,
                profile.responseFormat() ? "b64_json" : null,
                job.background(), job.outputFormat(), job.outputCompression(), job.moderation());
    }

    /** A model the provider no longer serves: the failure names the replacement to use instead, where one is set. */
    private Throwable withReplacement(String model, Throwable failure) {
        if (!(failure instanceof ProviderException error) || !error.code().equals("model_unavailable")) {
            return failure;
        }
        return models.replacementFor(model)
                .<Throwable>map(replacement -> new ProviderException(error.code(), error.getMessage()
                        + " (its configured replacement is " + replacement + ")", false))
                .orElse(failure);
    }

    /** Every model the key may use, with its announced shutdown date ({@code GET /models}). */
    Uni<List<OpenAiImagesClient.ModelInfo>> listModels() {
        return client.models(authorization(), config.openaiOrganization().orElse(null),
                config.openaiProject().orElse(null))
                .ifNoItem().after(Duration.ofSeconds(config.timeoutSeconds())).fail()
                .map(list -> list == null || list.data() == null ? List.of() : list.data());
    }

    private Uni<OpenAiImagesClient.ImagesResponse> attempt(OpenAiImagesClient.ImagesRequest request, String model,
            int retry) {
        return limiter.acquireFor(request.n())
                .chain(() -> call(request, model))
                .invoke(status::callSucceeded)
                .onFailure().recoverWithUni(failure -> {
                    ProviderException error = classify(failure);
                    if (error.code().equals("provider_auth")) {
                        status.credentialsRefused();
                    }
                    if (error.code().equals("rate_limited")) {
                        metrics.rateLimited(model);
                    }
                    if (!error.retryable() || retry >= config.maxRetries()) {
                        return Uni.createFrom().failure(error);
                    }
                    Duration wait = error.retryAfter().orElseGet(() -> backoff(retry));
                    metrics.retried(model, error.code());
                    Log.debugf("Provider call for %s failed (%s), retry %d in %d ms", model, error.code(), retry + 1,
                            wait.toMillis());
                    Uni<Void> paused = error.code().equals("rate_limited") ? limiter.pause(wait)
                            : Uni.createFrom().voidItem();
                    return paused.onItem().delayIt().by(wait).chain(() -> attempt(request, model, retry + 1));
                });
    }

    private Uni<OpenAiImagesClient.ImagesResponse> call(OpenAiImagesClient.ImagesRequest request, String model) {
        Uni<OpenAiImagesClient.ImagesResponse> call = config.apiType() == WorkerConfig.ApiType.AZURE
                ? client.generateAzure(config.azure().deployment().orElse(model), config.azure().apiVersion(),
                        apiKey(), request)
                : client.generate(authorization(), config.openaiOrganization().orElse(null),
                        config.openaiProject().orElse(null), request);
        return call.ifNoItem().after(Duration.ofSeconds(config.timeoutSeconds())).fail();
    }

    /** The seed's delays: 1, 2, 4, 8, 16 times the base, each within ±20 %. */
    private Duration backoff(int retry) {
        long base = config.retryBackoff().toMillis() << Math.min(retry, 4);
        return Duration.ofMillis(Math.round(base * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }

    private ProviderException classify(Throwable failure) {
        if (failure instanceof ProviderException known) {
            return known;
        }
        if (failure instanceof TimeoutException) {
            return new ProviderException("provider_timeout",
                    "The image provider did not answer within " + config.timeoutSeconds() + " s", true);
        }
        if (failure instanceof ProcessingException || causedBy(failure, IOException.class)
                || causedBy(failure, VertxException.class)) {
            // The connection failed or dropped: nothing was answered.
            return new ProviderException("provider_unreachable", "The image provider could not be reached", true);
        }
        return new ProviderException("provider_error", "The image provider call failed: " + failure.getMessage(),
                true);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private Uni<GeneratedImage> images(JobMessage job, String model, ModelProfiles.Profile profile,
            OpenAiImagesClient.ImagesRequest request, OpenAiImagesClient.ImagesResponse response) {
        if (response == null || response.data() == null || response.data().isEmpty()) {
            return Uni.createFrom().failure(new ProviderException("provider_error",
                    "The image provider answered without an image", false));
        }
        List<Uni<byte[]>> images = new ArrayList<>();
        for (OpenAiImagesClient.ImageData data : response.data()) {
            if (data.b64Json() != null) {
                try {
                    images.add(Uni.createFrom().item(Base64.getDecoder().decode(data.b64Json())));
                } catch (IllegalArgumentException e) {
                    return Uni.createFrom().failure(new ProviderException("provider_error",
                            "The image provider answered with unreadable data", false));
                }
            } else if (data.url() != null) {
                // Provider URLs expire after an hour: fetch the bytes now.
                images.add(download(data.url()));
            } else {
                return Uni.createFrom().failure(new ProviderException("provider_error",
                        "The image provider answered without an image", false));
            }
        }
        String revised = response.data().stream().map(OpenAiImagesClient.ImageData::revisedPrompt)
                .filter(prompt -> prompt != null && !prompt.isBlank()).findFirst().orElse(job.prompt());
        // GPT-Image models say what "auto" became; the price follows what was rendered.
        String size = response.size() != null ? response.size() : request.size();
        String quality = response.quality() != null ? response.quality() : request.quality();
        TokenUsage usage = response.usage() == null ? null : response.usage().toTokenUsage();
        BigDecimal cost = profile.cost(size, quality, images.size(), usage);
        return Uni.join().all(images).andFailFast()
                // The provider billed the answer even when an image of it is refused: the ledger says so.
                .onFailure(ProviderException.class).transform(e -> ((ProviderException) e).billed(cost, usage))
                .map(bytes -> new GeneratedImage(bytes, ImageTypes.of(response.outputFormat(), bytes.get(0)),
                        revised, model, size, quality, cost, usage));
    }

    /**
     * GET of the image URL, answered back on the caller's Vert.x context (the job's database session lives there):
     * no redirect followed, at most {@code max-image-size-mb} read (refused up front when the length is declared,
     * else cut off as the bytes arrive), all within the provider timeout. A refusal fails the job for good: calling
     * again would be billed again.
     */
    private Uni<byte[]> download(String url) {
        Context context = Vertx.currentContext();
        long limit = config.maxImageSizeMb() * 1024L * 1024L;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(downloadFailed("is not a valid URL"));
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            return Uni.createFrom().failure(downloadFailed("is not an http(s) URL"));
        }
        Duration timeout = Duration.ofSeconds(config.timeoutSeconds());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        Uni<byte[]> fetched = Uni.createFrom()
                .completionStage(() -> downloads.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher()))
                .chain(response -> {
                    int status = response.statusCode();
                    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (status != 200 || declared > limit) {
                        discard(response.body());
                    }
                    if (status >= 300 && status < 400) {
                        return Uni.createFrom().failure(downloadFailed(
                                "answered with a redirect (" + status + "), which the worker does not follow"));
                    }
                    if (status != 200) {
                        return Uni.createFrom().failure(downloadFailed("answered " + status));
                    }
                    if (declared > limit) {
                        return Uni.createFrom().failure(tooLarge());
                    }
                    return read(response.body(), limit, declared);
                })
                .ifNoItem().after(timeout).failWith(() -> downloadFailed(
                        "did not deliver the image within " + config.timeoutSeconds() + " s"))
                .onFailure(e -> !(e instanceof ProviderException))
                .transform(e -> downloadFailed("could not be read to the end"));
        return context == null ? fetched : fetched.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** The body, refused as soon as it grows past the limit (cancelling the read): never more than that in memory. */
    private Uni<byte[]> read(Flow.Publisher<List<ByteBuffer>> body, long limit, long declared) {
        return Multi.createFrom().publisher(body)
                .collect().in(() -> new ByteArrayOutputStream((int) Math.max(declared, 8192)), (out, buffers) -> {
                    for (ByteBuffer buffer : buffers) {
                        if (out.size() + (long) buffer.remaining() > limit) {
                            throw tooLarge();
                        }
                        byte[] chunk = new byte[buffer.remaining()];
                        buffer.get(chunk);
                        out.writeBytes(chunk);
                    }
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    /** Reads nothing of a body that is refused, so its connection is closed rather than left open. */
    private static void discard(Flow.Publisher<List<ByteBuffer>> body) {
        body.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
    }

    private ProviderException tooLarge() {
        return new ProviderException("image_too_large", "The image the provider answered with is larger than the "
                + config.maxImageSizeMb() + " MB limit (MAX_IMAGE_SIZE_MB)", false);
    }

    /** Never names the URL: a signed one is a credential. */
    private static ProviderException downloadFailed(String why) {
        return new ProviderException("image_download_failed", "The image URL the provider answered with " + why,
                false);
    }

    private String authorization() {
        return "Bearer " + config.openaiApiKey().orElseThrow();
    }

    private String apiKey() {
        return config.openaiApiKey().orElseThrow();
    }
}
