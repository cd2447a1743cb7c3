package dev.imagegen.gateway.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "imagegen.admin")
public interface AdminConfig {

    /**
     * The one-time token that makes the first admin (env ADMIN_SETUP_TOKEN, 16 characters or more). When unset
     * and no admin exists, the gateway generates one into {@link #setupTokenFile()}.
     */
    Optional<String> setupToken();

    /** Where a generated setup token is written, owner-only (env ADMIN_SETUP_TOKEN_FILE; beside the JWT keys). */
    Path setupTokenFile();

    /** Whether the gateway readies the setup token at start while no admin exists. */
    @WithDefault("true")
    boolean setupAtStart();
}
