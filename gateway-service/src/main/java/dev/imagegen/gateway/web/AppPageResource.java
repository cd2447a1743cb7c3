package dev.imagegen.gateway.web;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web app's client-side routes: every {@code /app/...} address answers the app's index page, so a
 * reload or a shared link opens the same screen; the app's router then picks the page from the path.
 */
@Path("/app")
@PermitAll
public class AppPageResource {

    private static final String INDEX = "META-INF/resources/index.html";

    private final byte[] index = readIndex();

    @GET
    @Path("{path: .*}")
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        // No caching: a new release's index must reach the browser so it loads the new modules.
        CacheControl noCache = new CacheControl();
        noCache.setNoCache(true);
        return Response.ok(index).cacheControl(noCache).build();
    }

    private static byte[] readIndex() {
        try (InputStream in = AppPageResource.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " is missing from the gateway's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
