package dev.imagegen.worker.provider;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Says which provider renders images, so an operator sees at once whether images are real or offline. */
@Readiness
@ApplicationScoped
public class ProviderHealthCheck implements HealthCheck {

    private final ImageProvider provider;

    public ProviderHealthCheck(ImageProvider provider) {
        this.provider = provider;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("image-provider")
                .up()
                .withData("provider", provider.name())
                .withData("model", provider.defaultModel())
                .build();
    }
}
