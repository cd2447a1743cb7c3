package dev.imagegen.gallery.account;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestMulti;

import java.util.UUID;

/** The caller's own data as a download. Erasing it is driven by {@code user_deleted} (see {@link UserDeletionConsumer}). */
@Path("/me")
@Authenticated
public class AccountResource {

    static final String ZIP = "application/zip";

    private final AccountService account;
    private final JsonWebToken jwt;

    public AccountResource(AccountService account, JsonWebToken jwt) {
        this.account = account;
        this.jwt = jwt;
    }

    @GET
    @Path("/export")
    @Produces(ZIP)
    public Multi<byte[]> export() {
        return RestMulti.fromMultiData(account.export(UUID.fromString(jwt.getSubject())))
                .header("Content-Disposition", "attachment; filename=\"imagegen-gallery.zip\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
