package dev.imagegen.common.streams;

/** Redis stream entry ids ({@code <milliseconds>-<sequence>}), compared as Redis orders them. */
final class StreamIds {

    private StreamIds() {
    }

    /** The lower of two ids. */
    static String lower(String a, String b) {
        return compare(a, b) <= 0 ? a : b;
    }

    static int compare(String a, String b) {
        int byTime = Long.compareUnsigned(part(a, 0), part(b, 0));
        return byTime != 0 ? byTime : Long.compareUnsigned(part(a, 1), part(b, 1));
    }

    private static long part(String id, int index) {
        int dash = id.indexOf('-');
        if (dash < 0) {
            return index == 0 ? Long.parseUnsignedLong(id) : 0;
        }
        return Long.parseUnsignedLong(index == 0 ? id.substring(0, dash) : id.substring(dash + 1));
    }
}
