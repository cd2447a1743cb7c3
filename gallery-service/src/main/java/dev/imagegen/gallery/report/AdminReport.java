package dev.imagegen.gallery.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * A report as admins see it. {@code thumbnailUrl} is an admin-only path (the image is private to its owner),
 * null once the image is gone; {@code reporterId} is null for an anonymous visitor of a share link.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdminReport(UUID id, UUID imageId, UUID ownerId, String prompt, String reason, String note,
        UUID reporterId, String status, String action, Instant createdAt, Instant resolvedAt, String thumbnailUrl) {

    static AdminReport of(ImageReport report) {
        return new AdminReport(report.id(), report.imageId(), report.ownerId(), report.prompt(), report.reason(),
                report.note(), report.reporterId(), report.status(), report.action(), report.createdAt(),
                report.resolvedAt(), report.imagePresent() ? "/admin/reports/" + report.id() + "/image" : null);
    }
}
