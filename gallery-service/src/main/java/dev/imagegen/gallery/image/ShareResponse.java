package dev.imagegen.gallery.image;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A share link: {@code url} serves the image to anyone, without login, until the owner revokes it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ShareResponse(String token, String url) {

    static ShareResponse of(String token) {
        return new ShareResponse(token, ImageLinks.shared(token));
    }
}
