package dev.imagegen.gateway.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of a registration; the email must look like one (with a domain dot), the password 8 to 128 characters. */
public record RegisterRequest(
        @NotBlank @Size(max = 254) @Email(regexp = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$") String email,
        @NotBlank @Size(min = 8, max = 128) String password) {

    /** Emails are compared lowercased and trimmed, so " Ann@Example.com" and "ann@example.com" are one account. */
    public RegisterRequest {
        email = AuthService.normalise(email);
    }
}
