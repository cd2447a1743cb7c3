package dev.imagegen.gallery.image;

import dev.imagegen.gallery.GalleryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.Locale;

/** The headers of a downloaded image: type, a filename from the prompt, ETag and private caching. */
@ApplicationScoped
public class ImageDownloads {

    private static final int MAX_SLUG = 60;

    private final String cacheControl;

    ImageDownloads(GalleryConfig config) {
        this.cacheControl = "private, max-age=" + config.cacheMaxAge().toSeconds();
    }

    Response.ResponseBuilder file(ImageFile file, EntityTag tag) {
        return cached(Response.ok(file.bytes(), file.contentType()), tag)
                .header("Content-Disposition", "inline; filename=\"" + filename(file) + "\"");
    }

    Response.ResponseBuilder cached(Response.ResponseBuilder response, EntityTag tag) {
        return response.tag(tag).header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    /** "A cute Puppy, in a garden!" → "a-cute-puppy-in-a-garden.png": safe in any header and file system. */
    public static String filename(ImageFile file) {
        String prompt = file.originalPrompt() == null ? "" : file.originalPrompt().toLowerCase(Locale.ROOT);
        String slug = prompt.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "image" : slug) + "." + extension(file.contentType());
    }

    public static String extension(String contentType) {
        return switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            default -> "png";
        };
    }
}
