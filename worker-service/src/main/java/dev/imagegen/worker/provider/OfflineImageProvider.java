package dev.imagegen.worker.provider;

import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.images.ImageEncoding;
import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.models.TokenUsage;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders locally at no cost, so the suite runs with no network and no API key. It honours every option of
 * the job's model profile as the real provider would (n images, preset, custom and {@code auto} sizes, a
 * transparent background, PNG, JPEG or WebP with their compression) and reports the usage the job would have
 * been billed by, while charging nothing.
 */
@ApplicationScoped
@Typed(OfflineImageProvider.class)
public class OfflineImageProvider implements ImageProvider {

    public static final String NAME = "offline";
    public static final String MODEL = "offline";
    static final String REVISED_SUFFIX = " (offline render)";
    /** Where no profile says otherwise: the GPT-Image models' square preset. */
    static final String FALLBACK_SIZE = "1024x1024";
    /** A rough tokens-per-character ratio of English text, for the reported input tokens. */
    static final int CHARS_PER_TOKEN = 4;

    /** What one job's images look like, resolved from the job and its model's profile. */
    record Plan(ImageSize size, String quality, String contentType, boolean transparent, Integer compression) {
    }

    private final OfflineRenderer renderer;
    private final Vertx vertx;
    private final ModelProfiles models;

    public OfflineImageProvider(OfflineRenderer renderer, Vertx vertx, ModelProfiles models) {
        this.renderer = renderer;
        this.vertx = vertx;
        this.models = models;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultModel() {
        return MODEL;
    }

    @Override
    public String modelFor(JobMessage job) {
        return MODEL;
    }

    @Override
    public Uni<GeneratedImage> generate(JobMessage job) {
        String model = job.model() == null || job.model().isBlank() ? models.defaultModel() : job.model();
        Optional<ModelProfiles.Profile> profile = models.find(model);
        return Uni.createFrom().item(() -> plan(job, model, profile))
                // Rendering and encoding are CPU work: a worker thread, then back on the caller's context.
                .chain(plan -> vertx.executeBlocking(Uni.createFrom().item(() -> render(job, plan)), false))
                .map(images -> {
                    Plan plan = images.plan();
                    long outputTokens = profile.map(p -> p.outputTokens(plan.size().toString(), plan.quality()))
                            .orElse(0L);
                    TokenUsage usage = new TokenUsage(inputTokens(job.providerPrompt()), 0, 0, 0,
                            outputTokens * images.bytes().size(), 0);
                    return new GeneratedImage(images.bytes(), images.contentType(), job.prompt() + REVISED_SUFFIX,
                            MODEL, plan.size().toString(), plan.quality(), BigDecimal.ZERO, usage);
                });
    }

    static Plan plan(JobMessage job, String model, Optional<ModelProfiles.Profile> profile) {
        int most = profile.map(ModelProfiles.Profile::maxImages).orElse(1);
        if (job.images() > most) {
            // As the real provider would refuse it; it also bounds what one offline job renders.
            throw ProviderException.invalidRequest("n must be at most " + most + " for " + model + ", not "
                    + job.images());
        }
        String size = job.size() == null || "auto".equalsIgnoreCase(job.size())
                ? profile.flatMap(p -> firstNotAuto(p.sizes())).orElse(FALLBACK_SIZE)
                : job.size();
        String quality = job.quality() == null || "auto".equalsIgnoreCase(job.quality())
                ? profile.flatMap(ModelProfiles.Profile::qualities).flatMap(OfflineImageProvider::firstNotAuto)
                        .orElse(job.quality())
                : job.quality();
        String format = job.outputFormat() != null ? job.outputFormat()
                : profile.flatMap(ModelProfiles.Profile::outputFormats).map(formats -> formats.get(0)).orElse(null);
        String contentType = Optional.ofNullable(ImageTypes.ofFormat(format)).orElse(ImageEncoding.PNG);
        boolean transparent = "transparent".equals(job.background()) && !ImageEncoding.JPEG.equals(contentType);
        return new Plan(ImageSize.parse(size), quality, contentType, transparent, job.outputCompression());
    }

    private record Rendered(Plan plan, List<byte[]> bytes, String contentType) {
    }

    private Rendered render(JobMessage job, Plan plan) {
        List<byte[]> bytes = new ArrayList<>(job.images());
        String contentType = plan.contentType();
        // OpenAI's output_compression (0–100, 100 the default) is the lossy encoders' quality
        float quality = (plan.compression() == null ? 100 : plan.compression()) / 100f;
        for (int i = 0; i < job.images(); i++) {
            BufferedImage image = renderer.render(job.prompt(), plan.size(), i, job.images(), plan.transparent());
            Optional<byte[]> encoded = ImageEncoding.encode(image, contentType, quality);
            if (encoded.isEmpty()) {
                Log.warnf("No encoder for %s on this platform; the offline image is a PNG instead", contentType);
                contentType = ImageEncoding.PNG;
                encoded = ImageEncoding.encode(image, contentType, quality);
            }
            bytes.add(encoded.orElseThrow());
        }
        return new Rendered(plan, bytes, contentType);
    }

    private static Optional<String> firstNotAuto(List<String> values) {
        return values.stream().filter(value -> !"auto".equalsIgnoreCase(value)).findFirst();
    }

    private static long inputTokens(String prompt) {
        return prompt == null ? 0 : (prompt.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
