package dev.imagegen.gallery.image;

import dev.imagegen.gallery.GalleryConfig;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Locale;
import java.util.UUID;

/** The caller's own images: metadata, original bytes, thumbnails and the paged gallery. */
@Path("/images")
@Authenticated
public class ImageResource {

    private static final int MAX_SLUG = 60;
    // Strings, not ints: a malformed number then answers 400 with the field named, not JAX-RS's bare 404.
    private static final String WHOLE_NUMBER = "[0-9]{1,9}";
    private static final String NOT_A_NUMBER = "must be a whole number";

    private final ImageService images;
    private final JsonWebToken jwt;
    private final String cacheControl;

    public ImageResource(ImageService images, JsonWebToken jwt, GalleryConfig config) {
        this.images = images;
        this.jwt = jwt;
        this.cacheControl = "private, max-age=" + config.cacheMaxAge().toSeconds();
    }

    @GET
    @Path("/gallery")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ImagePage> gallery(
            @QueryParam("page") @DefaultValue("1") @Pattern(regexp = WHOLE_NUMBER, message = NOT_A_NUMBER) @Min(1)
            String page,
            @QueryParam("size") @DefaultValue("20") @Pattern(regexp = WHOLE_NUMBER, message = NOT_A_NUMBER) @Min(1)
            @Max(100) String size) {
        return images.list(userId(), Integer.parseInt(page), Integer.parseInt(size));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ImageResponse> image(@PathParam("id") UUID id) {
        return images.find(userId(), id);
    }

    @GET
    @Path("/{id}/content")
    public Uni<Response> content(@PathParam("id") UUID id, @Context Request request) {
        EntityTag tag = new EntityTag(id.toString());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return images.requireOwned(userId(), id).map(ignored -> cached(notModified, tag).build());
        }
        return images.content(userId(), id).map(file -> cached(Response.ok(file.bytes(), file.contentType()), tag)
                .header("Content-Disposition", "inline; filename=\"" + filename(file) + "\"")
                .build());
    }

    @GET
    @Path("/{id}/thumbnail")
    public Uni<Response> thumbnail(@PathParam("id") UUID id, @Context Request request) {
        EntityTag tag = new EntityTag(id + "-thumbnail");
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return images.requireOwned(userId(), id).map(ignored -> cached(notModified, tag).build());
        }
        return images.thumbnail(userId(), id)
                .map(file -> cached(Response.ok(file.bytes(), file.contentType()), tag).build());
    }

    private Response.ResponseBuilder cached(Response.ResponseBuilder response, EntityTag tag) {
        return response.tag(tag).header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    private UUID userId() {
        return UUID.fromString(jwt.getSubject());
    }

    /** "A cute Puppy, in a garden!" → "a-cute-puppy-in-a-garden.png": safe in any header and file system. */
    static String filename(ImageFile file) {
        String prompt = file.originalPrompt() == null ? "" : file.originalPrompt().toLowerCase(Locale.ROOT);
        String slug = prompt.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "image" : slug) + "." + extension(file.contentType());
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            default -> "png";
        };
    }
}
