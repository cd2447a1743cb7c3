package dev.imagegen.gateway.keys;

import io.smallrye.jwt.util.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtKeyBootstrapTest {

    @TempDir
    Path dir;

    @Test
    void generatesAMatchingPairWhenBothFilesAreMissing() throws Exception {
        Path privateFile = dir.resolve("jwt/privateKey.pem");
        Path publicFile = dir.resolve("jwt/publicKey.pem");

        JwtKeyBootstrap.ensure(privateFile, publicFile);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
        assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(publicFile)).startsWith("-----BEGIN PUBLIC KEY-----");
        PrivateKey privateKey = KeyUtils.decodePrivateKey(Files.readString(privateFile));
        PublicKey publicKey = KeyUtils.decodePublicKey(Files.readString(publicFile));
        byte[] data = "imagegen".getBytes();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void keepsAnExistingPair() throws Exception {
        Path privateFile = dir.resolve("privateKey.pem");
        Path publicFile = dir.resolve("publicKey.pem");
        JwtKeyBootstrap.ensure(privateFile, publicFile);
        String before = Files.readString(privateFile);

        JwtKeyBootstrap.ensure(privateFile, publicFile);

        assertThat(Files.readString(privateFile)).isEqualTo(before);
    }

    @Test
    void refusesToStartWithHalfAPair() throws Exception {
        Path privateFile = dir.resolve("privateKey.pem");
        Files.writeString(dir.resolve("publicKey.pem"), "-----BEGIN PUBLIC KEY-----");

        assertThatThrownBy(() -> JwtKeyBootstrap.ensure(privateFile, dir.resolve("publicKey.pem")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Only one of the JWT key files exists");
        assertThat(privateFile).doesNotExist();
    }
}
