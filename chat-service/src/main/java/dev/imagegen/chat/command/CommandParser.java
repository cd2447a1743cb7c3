package dev.imagegen.chat.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code /image <prompt> [options]} and {@code /help}. Options may stand before, between or after the
 * prompt's words, as {@code --size 1536x1024} or {@code --size=1536x1024}. Words in double quotes ("…" or “…”)
 * stay together and are never read as options; {@code --} ends the options. Single quotes are left alone:
 * prompts are full of apostrophes.
 */
public final class CommandParser {

    public static final String HELP = """
            Commands:
            /image <prompt> [options] — generate images from the prompt. Options, before or after the prompt:
              --n <count> — how many images at once, e.g. --n 3 (up to the model's limit)
              --size <WxH> — e.g. 1024x1024, 1536x1024, 1024x1536, auto, or a custom size such as 2048x1152; \
            also square, landscape, portrait
              --quality <level> — e.g. low, medium, high, xhigh, auto (--hd is short for --quality high)
              --format png|jpeg|webp — the image file format
              --transparent — a transparent background (png unless --format webp)
              --background auto|opaque|transparent
              --compression <0-100> — for jpeg and webp
              --moderation auto|low — how strict the provider's content check is
              --style <name> — for models that take one, e.g. --style vivid (--natural is short for --style natural)
              --model <name> — another image model
            Example: /image a lighthouse at dusk --n 3 --quality high --size 1536x1024 --format webp --transparent
            Put quotes around words that should not be read as options, e.g. /image "a sign saying --hd".
            /help — this list.""";

    static final String IMAGE_USAGE = "Usage: /image <prompt> [--n <count>] [--size <WxH>] [--quality <level>] "
            + "[--format png|jpeg|webp] [--transparent] [--compression <0-100>] [--moderation auto|low] "
            + "[--style <name>] [--model <name>]; /help explains them.";

    private static final Map<String, String> SIZE_NAMES = Map.of(
            "square", "1024x1024", "landscape", "1536x1024", "portrait", "1024x1536", "auto", "auto");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})[x×](\\d{1,5})");
    private static final Pattern WHOLE = Pattern.compile("\\d{1,4}");
    /** Only guards parsing: how many images a model makes is generation-service's to check. */
    private static final int MAX_WHOLE = 9999;
    private static final String TRANSPARENT = "transparent";

    private CommandParser() {
    }

    public static Command parse(String content) {
        String text = content.strip();
        if (!text.startsWith("/")) {
            return new Command.Text();
        }
        int end = 1;
        while (end < text.length() && !Character.isWhitespace(text.codePointAt(end))) {
            end += Character.charCount(text.codePointAt(end));
        }
        String name = text.substring(1, end).toLowerCase(Locale.ROOT);
        String arguments = text.substring(end);
        return switch (name) {
            case "image" -> image(arguments);
            case "help" -> new Command.Help();
            default -> new Command.Invalid("Unknown command /" + name + ". Type /help to see the commands.");
        };
    }

    private static Command image(String arguments) {
        try {
            return image(split(arguments));
        } catch (Mistake mistake) {
            return new Command.Invalid(mistake.getMessage());
        }
    }

    private static Command image(List<Word> words) {
        List<String> prompt = new ArrayList<>();
        Draft draft = new Draft();
        boolean options = true;
        for (int i = 0; i < words.size(); i++) {
            Word word = words.get(i);
            if (!options || !word.isOption()) {
                prompt.add(word.text());
                continue;
            }
            if (word.text().equals("--")) {
                options = false;
                continue;
            }
            String option = word.text().toLowerCase(Locale.ROOT);
            String value = null;
            int equals = option.indexOf('=');
            if (equals > 0) {
                value = word.text().substring(equals + 1);
                option = option.substring(0, equals);
            }
            if (draft.isFlag(option)) {
                if (value != null) {
                    throw new Mistake(option + " takes no value. " + IMAGE_USAGE);
                }
                draft.flag(option);
                continue;
            }
            if (!draft.takesValue(option)) {
                throw new Mistake("Unknown option " + word.text() + ". " + IMAGE_USAGE);
            }
            if (value == null && i + 1 < words.size() && !words.get(i + 1).isOption()) {
                value = words.get(++i).text();
            }
            if (value == null || value.isBlank()) {
                throw new Mistake(option + " needs a value. " + IMAGE_USAGE);
            }
            draft.set(option, value.strip());
        }
        String joined = String.join(" ", prompt).strip();
        if (joined.isEmpty()) {
            throw new Mistake("Tell me what to draw. " + IMAGE_USAGE);
        }
        return new Command.Image(joined, draft.options());
    }

    /** The options read so far; a later mention of an option replaces an earlier one. */
    private static final class Draft {
        private String size;
        private String quality;
        private String style;
        private String model;
        private Integer n;
        private String background;
        private String format;
        private Integer compression;
        private String moderation;

        boolean isFlag(String option) {
            return switch (option) {
                case "--hd", "--natural", "--transparent" -> true;
                default -> false;
            };
        }

        boolean takesValue(String option) {
            return switch (option) {
                case "--n", "--size", "--quality", "--style", "--model", "--background", "--format", "--compression",
                        "--moderation" -> true;
                default -> false;
            };
        }

        void flag(String option) {
            switch (option) {
                case "--hd" -> quality = "high";
                case "--natural" -> style = "natural";
                default -> background = TRANSPARENT;
            }
        }

        void set(String option, String value) {
            String lower = value.toLowerCase(Locale.ROOT);
            switch (option) {
                case "--n" -> n = whole(option, value, 1, MAX_WHOLE, "how many images, e.g. --n 3");
                case "--size" -> size = size(value);
                case "--quality" -> quality = lower;
                case "--style" -> style = lower;
                case "--model" -> model = value;
                case "--background" -> background = lower;
                case "--format" -> format = lower.equals("jpg") ? "jpeg" : lower;
                case "--compression" -> compression = whole(option, value, 0, 100, "a number from 0 to 100, e.g. 80");
                default -> moderation = lower;
            }
        }

        /** A transparent background needs a format with an alpha channel: png unless another was asked for. */
        ImageOptions options() {
            String outputFormat = format == null && TRANSPARENT.equals(background) ? "png" : format;
            return new ImageOptions(size, quality, style, model, n, background, outputFormat, compression, moderation);
        }

        private static Integer whole(String option, String value, int min, int max, String takes) {
            int number = WHOLE.matcher(value).matches() ? Integer.parseInt(value) : -1;
            if (number < min || number > max) {
                throw new Mistake(option + " takes " + takes + ", not \"" + value + "\".");
            }
            return number;
        }

        private static String size(String value) {
            String lower = value.toLowerCase(Locale.ROOT);
            String named = SIZE_NAMES.get(lower);
            if (named != null) {
                return named;
            }
            Matcher m = SIZE.matcher(lower);
            if (!m.matches()) {
                throw new Mistake("Unknown size \"" + value + "\": write width x height such as 1024x1024 or "
                        + "1536x1024, auto, or square, landscape, portrait.");
            }
            return Integer.parseInt(m.group(1)) + "x" + Integer.parseInt(m.group(2));
        }
    }

    private record Word(String text, boolean quoted) {

        /** An unquoted word starting with {@code --}; quoted words are always part of the prompt. */
        boolean isOption() {
            return !quoted && text.startsWith("--");
        }
    }

    /** A command that cannot run as written; its message is the reply. */
    private static final class Mistake extends RuntimeException {
        Mistake(String reply) {
            super(reply, null, false, false);
        }
    }

    /** Splits on whitespace; a stretch in double quotes opened at a word's start is one word, quotes removed. */
    private static List<Word> split(String arguments) {
        List<Word> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        int closing = 0;
        int i = 0;
        while (i < arguments.length()) {
            int c = arguments.codePointAt(i);
            i += Character.charCount(c);
            if (closing != 0) {
                if (c == closing) {
                    closing = 0;
                } else {
                    current.appendCodePoint(c);
                }
            } else if (!inWord && (c == '"' || c == '\u201C')) {
                closing = c == '"' ? '"' : '\u201D';
                quoted = true;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(new Word(current.toString(), quoted));
                    current.setLength(0);
                    inWord = false;
                    quoted = false;
                }
            } else {
                current.appendCodePoint(c);
                inWord = true;
            }
        }
        if (closing != 0) {
            throw new Mistake("A quote is not closed. " + IMAGE_USAGE);
        }
        if (inWord) {
            words.add(new Word(current.toString(), quoted));
        }
        return words;
    }
}
