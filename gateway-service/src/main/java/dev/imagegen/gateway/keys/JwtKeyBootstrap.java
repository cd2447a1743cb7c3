package dev.imagegen.gateway.keys;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Gives a fresh installation its JWT key pair: when neither key file exists, a new pair is written
 * where the configuration points, so one command starts the suite with no setup.
 */
@ApplicationScoped
public class JwtKeyBootstrap {

    static final String PRIVATE_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";

    /** Test mode configures no key files: smallrye-jwt signs with an in-memory pair of its own there. */
    void onStart(@Observes @Priority(1) StartupEvent event, Config config) {
        Optional<Path> privateKey = fileLocation(config, PRIVATE_KEY_LOCATION);
        Optional<Path> publicKey = fileLocation(config, PUBLIC_KEY_LOCATION);
        if (privateKey.isPresent() && publicKey.isPresent()) {
            ensure(privateKey.get(), publicKey.get());
        }
    }

    static void ensure(Path privateKey, Path publicKey) {
        boolean hasPrivate = Files.exists(privateKey);
        boolean hasPublic = Files.exists(publicKey);
        if (hasPrivate && hasPublic) {
            return;
        }
        if (hasPrivate || hasPublic) {
            throw new IllegalStateException("Only one of the JWT key files exists (" + privateKey + ", " + publicKey
                    + "): restore the other or remove both to have a new pair generated");
        }
        JwtKeyFiles.generate(privateKey, publicKey);
        Log.infof("Generated a new JWT key pair in %s", privateKey.toAbsolutePath().getParent());
    }

    /** Key locations may be plain paths or {@code file:} URLs; classpath or remote keys are not ours to create. */
    private static Optional<Path> fileLocation(Config config, String property) {
        return config.getOptionalValue(property, String.class)
                .filter(location -> location.startsWith("file:") || !location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*"))
                .map(location -> Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location));
    }
}
