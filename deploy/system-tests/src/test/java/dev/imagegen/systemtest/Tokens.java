package dev.imagegen.systemtest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

/** Hand-made RS256 tokens, to check what the services refuse. */
final class Tokens {

    private Tokens() {
    }

    /** Signed with the suite's own key, but long expired. */
    static String expired() throws Exception {
        long past = System.currentTimeMillis() / 1000 - 7200;
        return sign(suiteKey(), claims("imagegen", past, past + 600));
    }

    /** Well-formed and current, but signed by a key the suite never issued. */
    static String signedByAStranger() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        long now = System.currentTimeMillis() / 1000;
        return sign(generator.generateKeyPair().getPrivate(), claims("imagegen", now, now + 600));
    }

    /** Signed with the suite's key but claiming another issuer. */
    static String foreignIssuer() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return sign(suiteKey(), claims("somebody-else", now, now + 600));
    }

    private static String claims(String issuer, long issuedAt, long expiresAt) {
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"" + UUID.randomUUID() + "\",\"upn\":\"x@example.test\","
                + "\"groups\":[\"user\"],\"iat\":" + issuedAt + ",\"exp\":" + expiresAt + "}";
    }

    private static String sign(PrivateKey key, String claims) throws GeneralSecurityException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String content = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(content.getBytes(StandardCharsets.US_ASCII));
        return content + "." + b64.encodeToString(rs256.sign());
    }

    private static PrivateKey suiteKey() throws Exception {
        String pem = Files.readString(Suite.DATA.resolve("jwt/privateKey.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }
}
