package dev.imagegen.gallery.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * What the reporter gets back. Without the note: a repeat answers the open report already filed, and for an
 * anonymous visitor that may be another visitor's, whose words are for the admins only.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportReceipt(UUID id, UUID imageId, String reason, String status, Instant createdAt) {

    static ReportReceipt of(ImageReport report) {
        return new ReportReceipt(report.id(), report.imageId(), report.reason(), report.status(),
                report.createdAt());
    }
}
