package dev.imagegen.gateway.progress;

import java.util.regex.Pattern;

/** Redis stream entry ids ({@code <millis>-<seq>}) compared by value, not as text. */
final class EventIds {

    private static final Pattern ID = Pattern.compile("\\d{1,19}-\\d{1,19}");

    private EventIds() {
    }

    static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static int compare(String a, String b) {
        int dash = a.indexOf('-');
        int otherDash = b.indexOf('-');
        int byTime = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, dash)),
                Long.parseUnsignedLong(b.substring(0, otherDash)));
        return byTime != 0 ? byTime
                : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(dash + 1)),
                        Long.parseUnsignedLong(b.substring(otherDash + 1)));
    }

    static boolean isAfter(String id, String other) {
        return other == null || compare(id, other) > 0;
    }
}
