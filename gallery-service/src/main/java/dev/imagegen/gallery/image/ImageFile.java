package dev.imagegen.gallery.image;

/** Bytes to send for an image or its thumbnail, with what the response headers need. */
public record ImageFile(byte[] bytes, String contentType, String originalPrompt) {
}
