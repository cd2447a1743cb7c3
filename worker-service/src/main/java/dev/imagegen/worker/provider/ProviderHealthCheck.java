package dev.imagegen.worker.provider;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says which provider renders images and whether its default model exists, so an operator sees at once
 * whether images are real or offline; down while the provider refuses the worker's credentials.
 */
@Readiness
@ApplicationScoped
public class ProviderHealthCheck implements HealthCheck {

    private final ImageProvider provider;
    private final ProviderStatus status;

    public ProviderHealthCheck(ImageProvider provider, ProviderStatus status) {
        this.provider = provider;
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("image-provider")
                .status(!status.credentialsRefusedNow())
                .withData("provider", provider.name())
                .withData("model", provider.defaultModel())
                .withData("model_check", status.modelCheck().name().toLowerCase());
        if (!status.modelCheckDetail().isEmpty()) {
            response.withData("model_check_detail", status.modelCheckDetail());
        }
        if (status.credentialsRefusedNow()) {
            response.withData("error", "provider_auth: the provider refuses the worker's credentials");
        }
        return response.build();
    }
}
