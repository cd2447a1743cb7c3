package dev.imagegen.gateway.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Files holding a secret: readable by their owner only (mode 600) from the moment they exist. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /** Writes {@code content} to a new file, creating its folders; fails if the file exists already. */
    public static void writeNew(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(createOwnerOnly(file), content, StandardCharsets.US_ASCII);
    }

    /** Created with its final permissions, so the secret is never readable by others even for a moment. */
    private static Path createOwnerOnly(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createFile(file, ownerOnly);
        }
        return Files.createFile(file);
    }
}
