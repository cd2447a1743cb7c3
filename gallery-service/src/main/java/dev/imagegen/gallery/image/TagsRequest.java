package dev.imagegen.gallery.image;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** The complete new set of an image's tags; an empty list removes them all. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TagsRequest(
        @NotNull @Size(max = 20) List<@NotBlank @Size(max = 50)
                @Pattern(regexp = "[^,]*", message = "must not contain a comma") String> tags) {
}
