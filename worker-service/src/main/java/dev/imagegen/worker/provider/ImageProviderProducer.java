package dev.imagegen.worker.provider;

import dev.imagegen.worker.WorkerConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Chooses the one provider the worker renders with, from {@code imagegen.worker.provider} and the API key. */
@ApplicationScoped
public class ImageProviderProducer {

    @Produces
    @ApplicationScoped
    ImageProvider provider(WorkerConfig config, Instance<OfflineImageProvider> offline,
            Instance<OpenAiImageProvider> openAi) {
        boolean hasKey = config.openaiApiKey().filter(key -> !key.isBlank()).isPresent();
        return switch (config.provider()) {
            case OFFLINE -> {
                Log.info("Image provider: offline (chosen by imagegen.worker.provider); images are labelled "
                        + "OFFLINE RENDER and cost nothing");
                yield offline.get();
            }
            case OPENAI -> {
                if (!hasKey) {
                    throw new IllegalStateException("imagegen.worker.provider=openai needs OPENAI_API_KEY");
                }
                Log.infof("Image provider: openai at %s", config.openaiBaseUrl());
                yield openAi.get();
            }
            case AUTO -> {
                if (hasKey) {
                    Log.infof("Image provider: openai at %s (OPENAI_API_KEY is set)", config.openaiBaseUrl());
                    yield openAi.get();
                }
                Log.info("Image provider: offline (no OPENAI_API_KEY set); images are labelled OFFLINE RENDER "
                        + "and cost nothing");
                yield offline.get();
            }
        };
    }
}
