package dev.imagegen.worker.provider;

import dev.imagegen.common.events.JobMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.math.BigDecimal;

/** Renders locally at no cost, so the suite runs with no network and no API key. */
@ApplicationScoped
@Typed(OfflineImageProvider.class)
public class OfflineImageProvider implements ImageProvider {

    public static final String NAME = "offline";
    public static final String MODEL = "offline";
    static final String REVISED_SUFFIX = " (offline render)";

    private final OfflineRenderer renderer;
    private final Vertx vertx;

    public OfflineImageProvider(OfflineRenderer renderer, Vertx vertx) {
        this.renderer = renderer;
        this.vertx = vertx;
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
        return Uni.createFrom().item(() -> ImageSize.parse(job.size()))
                // Rendering and PNG encoding are CPU work: a worker thread, then back on the caller's context.
                .chain(size -> vertx.executeBlocking(Uni.createFrom().item(() -> renderer.render(job.prompt(), size)),
                        false))
                .map(bytes -> new GeneratedImage(bytes, job.prompt() + REVISED_SUFFIX, MODEL,
                        BigDecimal.ZERO));
    }
}
