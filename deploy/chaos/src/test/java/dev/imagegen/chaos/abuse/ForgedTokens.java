package dev.imagegen.chaos.abuse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens an attacker could make from a real token and the suite's public key, and a few made with the suite's own
 * private key (as a leaked or mis-rotated key would) that break one rule each: expiry, issuer. Every one must be
 * refused. (The services configure no audience, so there is no audience rule to break.)
 */
public final class ForgedTokens {

    /** A forged token and how it was made. */
    public record Forged(String kind, String token) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private final Path jwtDirectory;
    private final KeyPair stranger;

    /** @param jwtDirectory where the gateway keeps {@code privateKey.pem} and {@code publicKey.pem} */
    public ForgedTokens(Path jwtDirectory) throws GeneralSecurityException {
        this.jwtDirectory = jwtDirectory;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.stranger = generator.generateKeyPair();
    }

    /** Every forgery of {@code real} (a valid user token): none may open anything. */
    public List<Forged> forge(String real) throws Exception {
        String[] parts = real.split("\\.");
        String payload = parts[1];
        String signature = parts[2];
        long now = System.currentTimeMillis() / 1000;
        List<Forged> forged = new ArrayList<>();
        for (String none : List.of("none", "None", "NONE")) {
            forged.add(new Forged("alg " + none, encode(header(none)) + "." + payload + "."));
        }
        forged.add(new Forged("alg none, real signature kept", encode(header("none")) + "." + payload + "."
                + signature));
        byte[] pem = Files.readAllBytes(jwtDirectory.resolve("publicKey.pem"));
        forged.add(new Forged("HS256 keyed with the public key's PEM", hs256(payload, pem)));
        forged.add(new Forged("HS256 keyed with the public key's DER", hs256(payload, der(pem))));
        forged.add(new Forged("expired, suite key", rs256(suiteKey(), header("RS256"), claims(payload, c -> {
            c.put("iat", now - 7200);
            c.put("exp", now - 3600);
        }))));
        forged.add(new Forged("wrong issuer, suite key", rs256(suiteKey(), header("RS256"),
                claims(payload, c -> c.put("iss", "somebody-else")))));
        forged.add(new Forged("no expiry, suite key", rs256(suiteKey(), header("RS256"),
                claims(payload, c -> c.remove("exp")))));
        forged.add(new Forged("sub changed, old signature", parts[0] + "." + encode(claims(payload,
                c -> c.put("sub", UUID.randomUUID().toString()))) + "." + signature));
        forged.add(new Forged("groups + admin, old signature", parts[0] + "." + encode(claims(payload,
                c -> c.putArray("groups").add("user").add("admin"))) + "." + signature));
        forged.add(new Forged("exp pushed a year, old signature", parts[0] + "." + encode(claims(payload,
                c -> c.put("exp", now + 365L * 24 * 3600))) + "." + signature));
        forged.add(new Forged("signature cut short", parts[0] + "." + payload + "."
                + signature.substring(0, signature.length() - 8)));
        forged.add(new Forged("signed by a stranger's key", rs256(stranger.getPrivate(), header("RS256"),
                claims(payload, c -> { }))));
        forged.add(new Forged("stranger's key embedded as jwk", rs256(stranger.getPrivate(), jwkHeader(),
                claims(payload, c -> { }))));
        forged.add(new Forged("kid path injection, stranger's key", rs256(stranger.getPrivate(),
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"../../../../../../dev/null\"}",
                claims(payload, c -> { }))));
        return forged;
    }

    private static String header(String alg) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
    }

    private String jwkHeader() {
        RSAPublicKey key = (RSAPublicKey) stranger.getPublic();
        return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"jwk\":{\"kty\":\"RSA\",\"e\":\""
                + B64.encodeToString(unsigned(key.getPublicExponent().toByteArray())) + "\",\"n\":\""
                + B64.encodeToString(unsigned(key.getModulus().toByteArray())) + "\"}}";
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String claims(String payload, Consumer<ObjectNode> change) throws Exception {
        ObjectNode claims = (ObjectNode) JSON.readTree(B64_DECODER.decode(payload));
        change.accept(claims);
        return JSON.writeValueAsString(claims);
    }

    private static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hs256(String payload, byte[] secret) throws GeneralSecurityException {
        String content = encode(header("HS256")) + "." + payload;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return content + "." + B64.encodeToString(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String rs256(PrivateKey key, String header, String claims) throws GeneralSecurityException {
        String content = encode(header) + "." + encode(claims);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(content.getBytes(StandardCharsets.US_ASCII));
        return content + "." + B64.encodeToString(rs256.sign());
    }

    private static byte[] der(byte[] pem) {
        String body = new String(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private PrivateKey suiteKey() throws Exception {
        byte[] pem = Files.readAllBytes(jwtDirectory.resolve("privateKey.pem"));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
    }
}
