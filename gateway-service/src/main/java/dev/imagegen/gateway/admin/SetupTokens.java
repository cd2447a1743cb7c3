package dev.imagegen.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Making, hashing and checking setup tokens. */
final class SetupTokens {

    /** A configured token shorter than this could be guessed within the sign-in rate limit. */
    static final int MIN_LENGTH = 16;
    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SetupTokens() {
    }

    /** 256 random bits, URL-safe, so it can be pasted anywhere. */
    static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Compares in constant time, so how long a wrong guess takes says nothing about the right token. */
    static boolean matches(String presented, String storedHash) {
        return MessageDigest.isEqual(sha256(presented), HexFormat.of().parseHex(storedHash));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.trim().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
