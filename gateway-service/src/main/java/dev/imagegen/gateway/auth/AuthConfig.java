package dev.imagegen.gateway.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "imagegen.auth")
public interface AuthConfig {

    /** How long an access token stays valid (env JWT_EXPIRES_IN; a bare number means seconds). */
    @WithDefault("1h")
    Duration tokenLifetime();
}
