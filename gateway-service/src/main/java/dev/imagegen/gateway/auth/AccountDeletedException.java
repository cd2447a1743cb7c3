package dev.imagegen.gateway.auth;

import io.quarkus.security.AuthenticationException;

/** A token that verifies, but whose user has deleted their account since it was issued. */
public class AccountDeletedException extends SecurityException implements AuthenticationException {

    static final String DETAIL = "This account has been deleted";

    public AccountDeletedException() {
        super(DETAIL);
    }
}
