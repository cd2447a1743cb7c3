package dev.imagegen.gallery.image;

import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.gallery.collection.CollectionService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/** The caller's own images: metadata, bytes, thumbnails, the searchable gallery, and what a user does to one. */
@Path("/images")
@Authenticated
public class ImageResource {

    // Strings, not ints: a malformed number then answers 400 with the field named, not JAX-RS's bare 404.
    public static final String WHOLE_NUMBER = "[0-9]{1,9}";
    public static final String NOT_A_NUMBER = "must be a whole number";

    private final ImageService images;
    private final CollectionService collections;
    private final ImageDownloads downloads;
    private final JsonWebToken jwt;

    public ImageResource(ImageService images, CollectionService collections, ImageDownloads downloads,
            JsonWebToken jwt) {
        this.images = images;
        this.collections = collections;
        this.downloads = downloads;
        this.jwt = jwt;
    }

    /** What the gallery's model filter offers: only models the caller's own images were made with. */
    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ImageModels> models() {
        return images.models(userId());
    }

    @GET
    @Path("/gallery")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ImagePage> gallery(
            @QueryParam("page") @DefaultValue("1") @Pattern(regexp = WHOLE_NUMBER, message = NOT_A_NUMBER) @Min(1)
            String page,
            @QueryParam("size") @DefaultValue("20") @Pattern(regexp = WHOLE_NUMBER, message = NOT_A_NUMBER) @Min(1)
            @Max(100) String size,
            @QueryParam("sort") @Pattern(regexp = "newest|oldest|relevance",
                    message = "must be newest, oldest or relevance") String sort,
            @QueryParam("q") String q,
            @QueryParam("collection_id") String collectionId,
            @QueryParam("favorite") @Pattern(regexp = "true|false", message = "must be true or false")
            String favorite,
            @QueryParam("tag") String tag,
            @QueryParam("model") String model,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        String query = blankToNull(q);
        ImageFilter.Sort order = sort != null ? ImageFilter.Sort.valueOf(sort.toUpperCase(Locale.ROOT))
                : query != null ? ImageFilter.Sort.RELEVANCE : ImageFilter.Sort.NEWEST;
        UUID collection = collectionId == null ? null : uuid("collection_id", collectionId);
        ImageFilter filter = new ImageFilter(userId(), query, collection,
                favorite == null ? null : Boolean.valueOf(favorite),
                tag == null || tag.isBlank() ? null : tag.strip().toLowerCase(Locale.ROOT), blankToNull(model),
                instant("from", from), instant("to", to), order);
        Uni<Void> allowed = collection == null ? Uni.createFrom().voidItem()
                : collections.requireOwned(filter.userId(), collection);
        return allowed.chain(() -> images.list(filter, Integer.parseInt(page), Integer.parseInt(size)));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ImageDetails> image(@PathParam("id") UUID id) {
        return images.find(userId(), id);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return images.delete(userId(), id);
    }

    @GET
    @Path("/{id}/content")
    public Uni<Response> content(@PathParam("id") UUID id, @QueryParam("format") String format,
            @Context Request request) {
        ImageFormat wanted = ImageFormat.parse(format);
        EntityTag tag = new EntityTag(wanted == null ? id.toString() : id + "-" + wanted.extension());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return images.requireOwned(userId(), id).map(ignored -> downloads.cached(notModified, tag).build());
        }
        return images.content(userId(), id, wanted).map(file -> downloads.file(file, tag).build());
    }

    @GET
    @Path("/{id}/thumbnail")
    public Uni<Response> thumbnail(@PathParam("id") UUID id, @Context Request request) {
        EntityTag tag = new EntityTag(id + "-thumbnail");
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return images.requireOwned(userId(), id).map(ignored -> downloads.cached(notModified, tag).build());
        }
        return images.thumbnail(userId(), id)
                .map(file -> downloads.cached(Response.ok(file.bytes(), file.contentType()), tag).build());
    }

    @PUT
    @Path("/{id}/favorite")
    public Uni<Void> favorite(@PathParam("id") UUID id) {
        return images.favorite(userId(), id, true);
    }

    @DELETE
    @Path("/{id}/favorite")
    public Uni<Void> unfavorite(@PathParam("id") UUID id) {
        return images.favorite(userId(), id, false);
    }

    @PUT
    @Path("/{id}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ImageDetails> tags(@PathParam("id") UUID id, @Valid @NotNull TagsRequest body) {
        return images.tag(userId(), id, body.tags());
    }

    @POST
    @Path("/{id}/share")
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<ShareResponse> share(@PathParam("id") UUID id) {
        return images.share(userId(), id);
    }

    @DELETE
    @Path("/{id}/share")
    public Uni<Void> unshare(@PathParam("id") UUID id) {
        return images.unshare(userId(), id);
    }

    private UUID userId() {
        return UUID.fromString(jwt.getSubject());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be a UUID");
        }
    }

    /** Accepts an instant ({@code 2026-11-26T05:00:00Z}) or a date, meaning its start in UTC. */
    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date (2026-11-26) or an instant (2026-11-26T05:00:00Z)");
        }
    }
}
