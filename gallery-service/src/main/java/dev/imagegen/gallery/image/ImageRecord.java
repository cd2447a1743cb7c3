package dev.imagegen.gallery.image;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored image and the generation it came from; a job of several images has one record per image. The byte
 * columns are lazy: reads go through {@link ImageRepository}'s queries, which load bytes only where a response
 * sends them.
 */
@Entity
@Table(name = "images")
public class ImageRecord {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    /** The image's place among its job's images, from 0; unique with {@link #jobId}. */
    @Column(name = "image_index", nullable = false)
    public int imageIndex;

    @Column(name = "thread_id")
    public UUID threadId;

    @Column(name = "original_prompt", columnDefinition = "text")
    public String originalPrompt;

    @Column(name = "revised_prompt", columnDefinition = "text")
    public String revisedPrompt;

    public String model;

    public String size;

    public String quality;

    public String style;

    @Column(name = "requested_model")
    public String requestedModel;

    public String background;

    /** This image's share of its job's cost. */
    @Column(precision = 12, scale = 6)
    public BigDecimal cost;

    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    public byte[] content;

    @Column(name = "content_type", nullable = false)
    public String contentType;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    @Column(name = "byte_size", nullable = false)
    public int byteSize;

    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    public byte[] thumbnail;

    @Column(name = "thumbnail_type", nullable = false)
    public String thumbnailType;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
