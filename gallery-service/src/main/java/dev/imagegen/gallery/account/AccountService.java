package dev.imagegen.gallery.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.streams.UserEraser;
import dev.imagegen.gallery.image.ImageDownloads;
import dev.imagegen.gallery.image.ImageFilter;
import dev.imagegen.gallery.image.ImageRepository;
import dev.imagegen.gallery.image.ImageResponse;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A user's whole gallery: exported as one zip, or erased when the account is deleted. */
@ApplicationScoped
public class AccountService implements UserEraser {

    static final String METADATA = "metadata.json";
    static final String GROUP = "gallery";

    private final ImageRepository images;
    private final AccountRepository account;
    private final ObjectMapper json;

    AccountService(ImageRepository images, AccountRepository account, ObjectMapper json) {
        this.images = images;
        this.account = account;
        this.json = json;
    }

    /**
     * The zip's bytes in chunks: one image per chunk, read from the database only when the client has taken
     * the previous one, then {@code metadata.json} and the zip's directory.
     */
    Multi<byte[]> export(UUID userId) {
        ZipWriter zip = new ZipWriter();
        Map<UUID, String> files = new LinkedHashMap<>();
        ImageFilter all = new ImageFilter(userId, null, null, null, null, null, null, null, ImageFilter.Sort.OLDEST);
        return images.list(all, 0, Integer.MAX_VALUE).onItem().transformToMulti(summaries -> {
            Multi<byte[]> entries = Multi.createFrom().iterable(summaries)
                    .onItem().transformToUniAndConcatenate(image -> images.findContent(userId, image.id())
                            .map(file -> {
                                if (file == null) {
                                    // Deleted while the export ran.
                                    return new byte[0];
                                }
                                String name = "images/" + image.id() + "." + ImageDownloads.extension(image.contentType());
                                files.put(image.id(), name);
                                return zip.stored(name, file.bytes());
                            }));
            Multi<byte[]> tail = Uni.createFrom().deferred(() -> account.collections(userId))
                    .map(collections -> {
                        ExportMetadata metadata = new ExportMetadata(userId, Instant.now(), summaries.stream()
                                .filter(image -> files.containsKey(image.id())).map(ImageResponse::of).toList(),
                                files, collections);
                        byte[] last = zip.deflated(METADATA, write(metadata));
                        byte[] end = zip.finish();
                        byte[] both = new byte[last.length + end.length];
                        System.arraycopy(last, 0, both, 0, last.length);
                        System.arraycopy(end, 0, both, last.length, end.length);
                        return both;
                    }).toMulti();
            return Multi.createBy().concatenating().streams(entries, tail);
        }).select().where(chunk -> chunk.length > 0);
    }

    @Override
    public String group() {
        return GROUP;
    }

    /** Handles {@code user_deleted}; at-least-once delivery is fine, since erasing twice is harmless. */
    @Override
    public Uni<Void> erase(UUID userId) {
        return account.erase(userId)
                .invoke(images -> Log.infof("Erased the gallery of user %s (%d images)", userId, images))
                .replaceWithVoid();
    }

    private byte[] write(ExportMetadata metadata) {
        try {
            return json.writeValueAsBytes(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the export's metadata", e);
        }
    }
}
