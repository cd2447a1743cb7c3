package dev.imagegen.gateway.auth;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Answer of a login, shaped as an OAuth 2 token response. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AccessToken(String accessToken, String tokenType, long expiresIn) {

    public static AccessToken bearer(String token, long expiresInSeconds) {
        return new AccessToken(token, "Bearer", expiresInSeconds);
    }
}
