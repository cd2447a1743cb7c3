package dev.imagegen.gallery.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Why someone reports an image, with an optional word for the admins. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportRequest(
        @NotNull @Pattern(regexp = ImageReport.REASONS, message = "must be one of " + ImageReport.REASONS_TEXT)
        String reason,
        @Size(max = 1000) String note) {
}
