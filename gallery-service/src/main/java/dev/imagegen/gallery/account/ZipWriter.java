package dev.imagegen.gallery.account;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip one entry at a time and hands back the bytes each step produced, so a response can stream
 * the archive while only one image is in memory. Not thread-safe: call it from one sequential pipeline.
 */
final class ZipWriter {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(pending);

    /** Images are compressed already: they are stored as they are, which costs no CPU. */
    byte[] stored(String name, byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        entry.setCrc(crc.getValue());
        return write(entry, bytes);
    }

    byte[] deflated(String name, byte[] bytes) {
        return write(new ZipEntry(name), bytes);
    }

    /** Writes the central directory; the writer is done after this. */
    byte[] finish() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    private byte[] write(ZipEntry entry, byte[] bytes) {
        try {
            zip.putNextEntry(entry);
            zip.write(bytes);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    private byte[] drain() {
        byte[] chunk = pending.toByteArray();
        pending.reset();
        return chunk;
    }
}
