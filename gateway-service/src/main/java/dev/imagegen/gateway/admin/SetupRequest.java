package dev.imagegen.gateway.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /admin/setup}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SetupRequest(@NotBlank @Size(max = 512) String setupToken) {
}
