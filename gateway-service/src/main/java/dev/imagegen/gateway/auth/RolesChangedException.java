package dev.imagegen.gateway.auth;

import io.quarkus.security.AuthenticationException;

/** A token that verifies, but whose roles predate a change of its user's roles: the user logs in again. */
public class RolesChangedException extends SecurityException implements AuthenticationException {

    static final String DETAIL = "Your roles have changed since this token was issued: log in again";

    public RolesChangedException() {
        super(DETAIL);
    }
}
