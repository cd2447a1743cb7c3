package dev.imagegen.gallery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

@ConfigMapping(prefix = "imagegen.gallery")
public interface GalleryConfig {

    /** Largest image accepted from a worker, in megabytes ({@code MAX_IMAGE_SIZE_MB}). */
    @WithDefault("10")
    @Min(1)
    int maxImageSizeMb();

    /** Largest decoded image accepted, in pixels, so a small file cannot expand into gigabytes of memory. */
    @WithDefault("50000000")
    @Min(1)
    long maxImagePixels();

    /** JPEG quality of opaque thumbnails and of derived formats, 1–100 ({@code IMAGE_COMPRESSION_QUALITY}). */
    @WithDefault("85")
    @Min(1)
    @Max(100)
    int compressionQuality();

    /** Longest side of a thumbnail, in pixels. */
    @WithDefault("256")
    @Min(16)
    int thumbnailSize();

    /** How long a browser may keep image bytes and thumbnails (they never change under one id). */
    @WithDefault("1d")
    Duration cacheMaxAge();

    /** Images older than this many days are deleted, unless a favourite or in a collection ({@code AUTO_CLEANUP_DAYS}); 0 keeps everything. */
    @WithDefault("30")
    @Min(0)
    int cleanupDays();

    /** How often retention runs ({@code off} disables the schedule). */
    @WithDefault("1h")
    String cleanupEvery();

    /** Only count and log what retention would delete. */
    @WithDefault("false")
    boolean cleanupDryRun();

    default long maxImageBytes() {
        return maxImageSizeMb() * 1024L * 1024L;
    }
}
