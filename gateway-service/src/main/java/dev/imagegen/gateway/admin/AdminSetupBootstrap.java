package dev.imagegen.gateway.admin;

import dev.imagegen.gateway.auth.UserRepository;
import dev.imagegen.gateway.keys.SecretFiles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.hibernate.exception.ConstraintViolationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * At start, while no admin exists, makes sure a one-time setup token is waiting: the operator's ADMIN_SETUP_TOKEN,
 * or a random one written to a file only the gateway's user can read (logged by path, never by value). Only the
 * token's hash goes to the database.
 */
@ApplicationScoped
public class AdminSetupBootstrap {

    static final String HOW = "log in, open /app/admin and enter it (or POST /admin/setup {\"setup_token\": …})"
            + " to become the first admin";

    private final AdminConfig config;
    private final UserRepository users;
    private final AdminSetupRepository setups;

    AdminSetupBootstrap(AdminConfig config, UserRepository users, AdminSetupRepository setups) {
        this.config = config;
        this.users = users;
        this.setups = setups;
    }

    void onStart(@Observes StartupEvent event, Config all) {
        warnAboutAdminEmails(all);
        if (config.setupAtStart()) {
            prepare(config.setupToken());
        }
    }

    /** Blocking: at start, or from a test. */
    void prepare(Optional<String> configured) {
        configured.ifPresent(AdminSetupBootstrap::requireStrong);
        Path file = config.setupTokenFile();
        State state = await(() -> Panache.withSession(() -> users.adminExists()
                .chain(adminExists -> setups.current().map(setup -> new State(adminExists, setup)))));
        if (state.adminExists()) {
            if (deleteFile(file)) {
                Log.infof("Removed the admin setup token file %s: an admin exists", file);
            }
            configured.ifPresent(token -> Log.info("ADMIN_SETUP_TOKEN is set, but an admin exists: it is no longer"
                    + " needed and can be removed"));
            return;
        }
        if (configured.isPresent()) {
            useConfigured(SetupTokens.hash(configured.get()), state.setup(), file);
        } else {
            useGenerated(state.setup(), file);
        }
    }

    private void useConfigured(String hash, AdminSetup setup, Path file) {
        deleteFile(file); // a token generated earlier no longer counts
        if (setup != null && hash.equals(setup.tokenHash) && !setup.pending()) {
            Log.warn("No admin exists, and ADMIN_SETUP_TOKEN has been used already: set a new value and restart"
                    + " the gateway to make the first admin");
            return;
        }
        if (setup == null || !hash.equals(setup.tokenHash)) {
            store(hash);
        }
        Log.info("No admin exists yet: the one-time admin setup token is ADMIN_SETUP_TOKEN; " + HOW);
    }

    private void useGenerated(AdminSetup setup, Path file) {
        if (setup != null && setup.pending() && Files.isReadable(file) && setup.tokenHash.equals(hashOf(file))) {
            Log.infof("No admin exists yet: the one-time admin setup token is in %s; %s", file.toAbsolutePath(), HOW);
            return;
        }
        String token = SetupTokens.generate();
        try {
            Files.deleteIfExists(file);
            SecretFiles.writeNew(file, token + "\n");
        } catch (IOException e) {
            Log.warnf("No admin exists, and the admin setup token could not be written to %s (%s): set"
                    + " ADMIN_SETUP_TOKEN to make the first admin", file.toAbsolutePath(), e.toString());
            return;
        }
        store(SetupTokens.hash(token));
        Log.infof("No admin exists yet: generated a one-time admin setup token in %s (readable by this user only); %s",
                file.toAbsolutePath(), HOW);
    }

    /** Replaces the pending token; a replica storing at the same moment makes the insert fail once, then update. */
    private void store(String hash) {
        await(() -> Panache.withTransaction(() -> setups.lockCurrent().chain(setup -> {
            AdminSetup row = setup == null ? new AdminSetup() : setup;
            row.id = AdminSetup.ROW;
            row.tokenHash = hash;
            row.createdAt = Instant.now();
            row.usedAt = null;
            row.usedBy = null;
            return setup == null ? setups.persist(row) : Uni.createFrom().item(row);
        })).onFailure(ConstraintViolationException.class).retry().atMost(1));
    }

    private static String hashOf(Path file) {
        try {
            return SetupTokens.hash(Files.readString(file));
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean deleteFile(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("The admin setup token file %s could not be removed: %s", file, e.toString());
            return false;
        }
    }

    private static void requireStrong(String token) {
        if (token.trim().length() < SetupTokens.MIN_LENGTH) {
            throw new IllegalStateException("ADMIN_SETUP_TOKEN must be at least " + SetupTokens.MIN_LENGTH
                    + " characters long (e.g. the output of: openssl rand -hex 32)");
        }
    }

    /** ADMIN_EMAILS let whoever registered a listed address first become admin, with no proof of owning it. */
    private static void warnAboutAdminEmails(Config all) {
        if (all.getOptionalValue("ADMIN_EMAILS", String.class).isPresent()
                || all.getOptionalValue("imagegen.auth.admin-emails", String.class).isPresent()) {
            Log.warn("ADMIN_EMAILS is set, but it no longer makes anyone an admin: registering with an address proves"
                    + " nobody owns it. Make the first admin with the one-time setup token (ADMIN_SETUP_TOKEN, or the"
                    + " file this gateway names at start while no admin exists), then give the role to others on"
                    + " /app/admin. Remove ADMIN_EMAILS from the configuration.");
        }
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException("The admin setup state could not be read or stored: " + e.getMessage(), e);
        }
    }

    private record State(boolean adminExists, AdminSetup setup) {
    }
}
