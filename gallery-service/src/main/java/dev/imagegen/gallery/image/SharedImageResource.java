package dev.imagegen.gallery.image;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The only path served without login: an image its owner shared, until they revoke the link. */
@Path("/s")
@PermitAll
public class SharedImageResource {

    private final ImageService images;

    public SharedImageResource(ImageService images) {
        this.images = images;
    }

    @GET
    @Path("/{token}")
    @BrowserErrorPage
    public Uni<Response> shared(@PathParam("token") String token, @QueryParam("format") String format) {
        return images.shared(token, ImageFormat.parse(format)).map(file -> Response.ok(file.bytes(), file.contentType())
                .header("Content-Disposition", "inline; filename=\"" + ImageDownloads.filename(file) + "\"")
                // No copy may outlive a revoked link.
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build());
    }
}
