package dev.imagegen.common.auth;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Remembering verified tokens never makes a token good that the parser would refuse. */
class VerifiedTokensTest {

    private static final String ISSUER = "imagegen";

    private final KeyPair keys = keyPair();
    private final KeyPair otherKeys = keyPair();
    private final AtomicInteger verifications = new AtomicInteger();
    private final VerifiedTokens tokens = new VerifiedTokens(new DefaultJWTParser(context()) {
        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.incrementAndGet();
            return super.parse(token);
        }
    }, 16);

    @Test
    void aTokenIsVerifiedOnceAndAnswersWithItsClaims() throws Exception {
        String token = sign("user-1", Instant.now().plusSeconds(600), keys);

        assertThat(tokens.parse(token).getSubject()).isEqualTo("user-1");
        assertThat(tokens.parse(token).getSubject()).isEqualTo("user-1");
        assertThat(tokens.known(token)).isNotNull();
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefusedEveryTime() throws Exception {
        String good = sign("user-1", Instant.now().plusSeconds(600), keys);
        tokens.parse(good);
        String forged = sign("user-1", Instant.now().plusSeconds(600), otherKeys);

        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThat(tokens.known(forged)).isNull();
        // one changed character of the remembered token is another token, checked afresh
        String tampered = good.substring(0, good.length() - 2) + (good.endsWith("A") ? "B" : "A")
                + good.charAt(good.length() - 1);
        assertThatThrownBy(() -> tokens.parse(tampered)).isInstanceOf(ParseException.class);
    }

    @Test
    void aRememberedTokenStopsCountingWhenItExpires() throws Exception {
        String token = sign("user-1", Instant.now().plusSeconds(2), keys);
        tokens.parse(token);
        assertThat(tokens.known(token)).isNotNull();

        Thread.sleep(2_100);

        assertThat(tokens.known(token)).isNull();
        assertThatThrownBy(() -> tokens.parse(token)).isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(2);
    }

    /** The service's settings, without clock skew so that expiry shows at once. */
    private JWTAuthContextInfo context() {
        JWTAuthContextInfo context = new JWTAuthContextInfo(keys.getPublic(), ISSUER);
        context.setClockSkew(0);
        return context;
    }

    private static String sign(String subject, Instant expires, KeyPair keys) {
        return Jwt.issuer(ISSUER).subject(subject).issuedAt(Instant.now().minusSeconds(1)).expiresAt(expires)
                .sign(keys.getPrivate());
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
