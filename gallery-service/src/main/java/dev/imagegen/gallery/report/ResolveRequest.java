package dev.imagegen.gallery.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** An admin's decision on a report: keep the image, or remove it and close every open report on it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResolveRequest(
        @NotNull @Pattern(regexp = ImageReport.DISMISS + "|" + ImageReport.REMOVE_IMAGE,
                message = "must be dismiss or remove_image") String action) {
}
