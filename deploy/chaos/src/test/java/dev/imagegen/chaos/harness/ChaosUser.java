package dev.imagegen.chaos.harness;

import java.util.UUID;

/** A person registered and logged in through the gateway: the JWT and the user id it carries. */
public record ChaosUser(String email, String password, String token, UUID id) {

    /** The Authorization header's value. */
    public String bearer() {
        return "Bearer " + token;
    }
}
