package dev.imagegen.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of a login: no format rules beyond presence, so a bad email or password both answer 401. */
public record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {

    public LoginRequest {
        email = AuthService.normalise(email);
    }
}
