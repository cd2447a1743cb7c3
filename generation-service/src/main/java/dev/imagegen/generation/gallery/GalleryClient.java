package dev.imagegen.generation.gallery;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Reads stored images from gallery-service as the calling user, so its own checks apply. */
@ApplicationScoped
public class GalleryClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final GalleryApi api;

    GalleryClient(@RestClient GalleryApi api) {
        this.api = api;
    }

    /** The image's bytes, or empty when gallery-service cannot give them now (the status still answers). */
    public Uni<Optional<byte[]>> content(UUID imageId, String bearerToken) {
        return api.content(imageId, "Bearer " + bearerToken)
                .ifNoItem().after(TIMEOUT).fail()
                .map(Optional::of)
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("Could not read image %s from gallery-service: %s", imageId, e.getMessage());
                    return Optional.empty();
                });
    }
}
