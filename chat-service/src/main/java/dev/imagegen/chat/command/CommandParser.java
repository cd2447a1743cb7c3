package dev.imagegen.chat.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code /image <prompt> [--size 1024x1024|1792x1024|1024x1792|square|landscape|portrait] [--hd]
 * [--natural] [--model <name>]} and {@code /help}. Words in double quotes ("…" or “…”) stay together and are
 * never read as options; {@code --} ends the options. Single quotes are left alone: prompts are full of
 * apostrophes.
 */
public final class CommandParser {

    public static final String HELP = """
            Commands:
            /image <prompt> — generate an image from the prompt. Options:
              --size 1024x1024|1792x1024|1024x1792 (or square, landscape, portrait)
              --hd — high detail
              --natural — natural rather than vivid colours
              --model <name> — another image model
            Put quotes around words that should not be read as options, e.g. /image "a sign saying --hd".
            /help — this list.""";

    static final String IMAGE_USAGE = "Usage: /image <prompt> [--size 1024x1024|1792x1024|1024x1792] [--hd] "
            + "[--natural] [--model <name>]";

    private static final Map<String, String> SIZES = Map.of(
            "1024x1024", "1024x1024", "1792x1024", "1792x1024", "1024x1792", "1024x1792",
            "square", "1024x1024", "landscape", "1792x1024", "portrait", "1024x1792");

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
        List<Word> words;
        try {
            words = split(arguments);
        } catch (IllegalArgumentException e) {
            return new Command.Invalid(e.getMessage() + ". " + IMAGE_USAGE);
        }
        List<String> prompt = new ArrayList<>();
        String size = null;
        String quality = null;
        String style = null;
        String model = null;
        boolean options = true;
        for (int i = 0; i < words.size(); i++) {
            Word word = words.get(i);
            if (!options || word.quoted() || !word.text().startsWith("--")) {
                prompt.add(word.text());
                continue;
            }
            String option = word.text().toLowerCase(Locale.ROOT);
            String inlineValue = null;
            int equals = option.indexOf('=');
            if (equals > 0) {
                inlineValue = word.text().substring(equals + 1);
                option = option.substring(0, equals);
            }
            switch (option) {
                case "--" -> options = false;
                case "--hd" -> quality = "hd";
                case "--natural" -> style = "natural";
                case "--size", "--model" -> {
                    String value = inlineValue;
                    if (value == null) {
                        if (i + 1 >= words.size()) {
                            return new Command.Invalid(option + " needs a value. " + IMAGE_USAGE);
                        }
                        value = words.get(++i).text();
                    }
                    if (option.equals("--model")) {
                        model = value;
                    } else {
                        size = SIZES.get(value.toLowerCase(Locale.ROOT));
                        if (size == null) {
                            return new Command.Invalid("Unknown size \"" + value + "\": use 1024x1024, 1792x1024 "
                                    + "or 1024x1792 (or square, landscape, portrait).");
                        }
                    }
                }
                default -> {
                    return new Command.Invalid("Unknown option " + word.text() + ". " + IMAGE_USAGE);
                }
            }
        }
        String joined = String.join(" ", prompt).strip();
        if (joined.isEmpty()) {
            return new Command.Invalid("Tell me what to draw. " + IMAGE_USAGE);
        }
        return new Command.Image(joined, size, quality, style, model);
    }

    private record Word(String text, boolean quoted) {
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
            throw new IllegalArgumentException("A quote is not closed");
        }
        if (inWord) {
            words.add(new Word(current.toString(), quoted));
        }
        return words;
    }
}
