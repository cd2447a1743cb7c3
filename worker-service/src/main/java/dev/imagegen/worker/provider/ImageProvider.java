package dev.imagegen.worker.provider;

import dev.imagegen.common.events.JobMessage;
import io.smallrye.mutiny.Uni;

/** Renders the image of one job. Fails with {@link ProviderException} for errors it can name. */
public interface ImageProvider {

    /** Short name recorded with each call, e.g. {@code offline} or {@code openai}. */
    String name();

    /** The model used when the job names none; shown by the readiness check. */
    String defaultModel();

    /** The model this provider renders the job with, recorded even when the call fails. */
    default String modelFor(JobMessage job) {
        return job.model() == null || job.model().isBlank() ? defaultModel() : job.model();
    }

    Uni<GeneratedImage> generate(JobMessage job);

    /** Asks the provider whether the default model exists and records the answer; never fails. */
    default Uni<Void> checkModel() {
        return Uni.createFrom().voidItem();
    }
}
