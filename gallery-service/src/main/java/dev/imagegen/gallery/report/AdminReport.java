package dev.imagegen.gallery.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * A report as admins see it. The prompt, revised prompt, model and {@code imageCreatedAt} were copied from the
 * image when the report was filed, so they outlive its removal ({@code imageRemoved}); once the owner deleted
 * their account, {@code ownerId} and both prompts are null. {@code thumbnailUrl} is an admin-only path (the
 * image is private to its owner), null once the image is gone. {@code reporterId} is null for an anonymous
 * visitor of a share link and for a reporter who deleted their account ({@code reporterErased}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdminReport(UUID id, UUID imageId, UUID ownerId, String prompt, String revisedPrompt, String model,
        Instant imageCreatedAt, String reason, String note, UUID reporterId, boolean reporterErased, String status,
        String action, Instant createdAt, Instant resolvedAt, boolean imageRemoved, String thumbnailUrl) {

    static AdminReport of(ImageReport report) {
        return new AdminReport(report.id(), report.imageId(), report.ownerId(), report.prompt(),
                report.revisedPrompt(), report.model(), report.imageCreatedAt(), report.reason(), report.note(),
                report.reporterId(), report.reporterErased(), report.status(), report.action(), report.createdAt(),
                report.resolvedAt(), !report.imagePresent(),
                report.imagePresent() ? "/admin/reports/" + report.id() + "/image" : null);
    }
}
