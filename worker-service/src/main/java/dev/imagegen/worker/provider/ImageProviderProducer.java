package dev.imagegen.worker.provider;

import dev.imagegen.worker.WorkerConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the one provider the worker renders with, from {@code imagegen.worker.provider} and the API key. */
@ApplicationScoped
public class ImageProviderProducer {

    @Produces
    @ApplicationScoped
    ImageProvider provider(WorkerConfig config, OfflineImageProvider offline) {
        boolean hasKey = config.openaiApiKey().filter(key -> !key.isBlank()).isPresent();
        switch (config.provider()) {
            case OFFLINE -> Log.info("Image provider: offline (chosen by imagegen.worker.provider)");
            case OPENAI -> Log.warn("Image provider 'openai' was chosen, but this build has only the offline "
                    + "provider: rendering offline, at no cost, with images labelled OFFLINE RENDER");
            case AUTO -> {
                if (hasKey) {
                    Log.warn("OPENAI_API_KEY is set, but this build has only the offline provider: rendering "
                            + "offline, at no cost, with images labelled OFFLINE RENDER");
                } else {
                    Log.info("Image provider: offline (no OPENAI_API_KEY set)");
                }
            }
        }
        return offline;
    }
}
