package dev.imagegen.worker.provider;

/** A requested image size such as {@code 1024x1792}. */
public record ImageSize(int width, int height) {

    /** Larger than any model renders; bounds the memory one offline render can take. */
    static final int MAX_SIDE = 4096;
    static final int MIN_SIDE = 64;

    /** Parses {@code WxH}; a malformed or out-of-range size is a final error for the job. */
    public static ImageSize parse(String size) {
        if (size != null) {
            String[] parts = size.trim().toLowerCase().split("x");
            if (parts.length == 2) {
                try {
                    int width = Integer.parseInt(parts[0]);
                    int height = Integer.parseInt(parts[1]);
                    if (width >= MIN_SIDE && width <= MAX_SIDE && height >= MIN_SIDE && height <= MAX_SIDE) {
                        return new ImageSize(width, height);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
        }
        throw ProviderException.invalidRequest("Size must be WIDTHxHEIGHT, each between " + MIN_SIDE + " and "
                + MAX_SIDE + " pixels, not '" + size + "'");
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
