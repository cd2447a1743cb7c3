package dev.imagegen.chaos.abuse;

import java.util.regex.Pattern;

/** Prints bytes and strings so that a report shows exactly what was sent (CR, LF, NUL, non-ASCII) in one line. */
final class Escapes {

    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*");

    private Escapes() {
    }

    static String bytes(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length && out.length() < max; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (b < 0x20 || b >= 0x7f) {
                        out.append(String.format("\\x%02x", b));
                    } else {
                        out.append((char) b);
                    }
                }
            }
        }
        return bytes.length > 0 && out.length() >= max ? out + "…(" + bytes.length + " bytes)" : out.toString();
    }

    /** A report names the kind of token a request carried, never the token: reports end up in CI logs. */
    static String redactTokens(String text) {
        return JWT.matcher(text).replaceAll("<token>");
    }

    static String shorten(String text, int max) {
        String line = text.replace("\r", "\\r").replace("\n", "\\n");
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }
}
