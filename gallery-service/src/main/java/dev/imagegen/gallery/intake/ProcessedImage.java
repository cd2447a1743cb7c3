package dev.imagegen.gallery.intake;

/** A decoded image's facts and its thumbnail, ready to be stored. */
record ProcessedImage(String contentType, int width, int height, byte[] thumbnail, String thumbnailType) {
}
