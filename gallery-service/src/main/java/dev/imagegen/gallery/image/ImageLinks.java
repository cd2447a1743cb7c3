package dev.imagegen.gallery.image;

import java.util.UUID;

/** The API paths of an image's bytes, shared by the API and the {@code stored} event. */
public final class ImageLinks {

    private ImageLinks() {
    }

    public static String content(UUID id) {
        return "/images/" + id + "/content";
    }

    public static String thumbnail(UUID id) {
        return "/images/" + id + "/thumbnail";
    }

    /** The one path served without login. */
    public static String shared(String token) {
        return "/s/" + token;
    }
}
