package dev.imagegen.chat.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CommandParserTest {

    @Test
    void plainTextIsNoCommand() {
        assertThat(CommandParser.parse("hello there")).isEqualTo(new Command.Text());
        assertThat(CommandParser.parse("  a /image in the middle")).isEqualTo(new Command.Text());
    }

    @Test
    void imageWithoutOptionsLeavesThemToTheModel() {
        assertThat(CommandParser.parse("/image a cute golden retriever puppy playing in a garden"))
                .isEqualTo(new Command.Image("a cute golden retriever puppy playing in a garden", null, null, null,
                        null));
    }

    @Test
    void readsEveryOptionWhereverItStands() {
        assertThat(CommandParser.parse("/image --hd a lighthouse --size 1792x1024 at dusk --natural --model dall-e-3"))
                .isEqualTo(new Command.Image("a lighthouse at dusk", "1792x1024", "hd", "natural", "dall-e-3"));
        assertThat(CommandParser.parse("/IMAGE a fox --size=1024x1792 --MODEL=gpt-image-1"))
                .isEqualTo(new Command.Image("a fox", "1024x1792", null, null, "gpt-image-1"));
    }

    @ParameterizedTest
    @CsvSource({"square,1024x1024", "landscape,1792x1024", "portrait,1024x1792", "Landscape,1792x1024",
            "1024x1024,1024x1024"})
    void sizesByNameOrByWord(String written, String size) {
        assertThat(CommandParser.parse("/image a fox --size " + written))
                .isEqualTo(new Command.Image("a fox", size, null, null, null));
    }

    @Test
    void quotedWordsAreNeverOptions() {
        assertThat(CommandParser.parse("/image \"a sign saying --hd\"   on a   wall --hd"))
                .isEqualTo(new Command.Image("a sign saying --hd on a wall", null, "hd", null, null));
        assertThat(CommandParser.parse("/image “smart --natural quotes” --natural"))
                .isEqualTo(new Command.Image("smart --natural quotes", null, null, "natural", null));
        assertThat(CommandParser.parse("/image --hd -- --size is part of the prompt"))
                .isEqualTo(new Command.Image("--size is part of the prompt", null, "hd", null, null));
    }

    @Test
    void apostrophesAndInnerQuotesStayInThePrompt() {
        assertThat(CommandParser.parse("/image a dog's toy, 12\" tall"))
                .isEqualTo(new Command.Image("a dog's toy, 12\" tall", null, null, null, null));
    }

    @Test
    void unicodePromptsSurviveWhole() {
        assertThat(CommandParser.parse("/image 東京の夜景 🌃 with naïve café signs\u3000--hd"))
                .isEqualTo(new Command.Image("東京の夜景 🌃 with naïve café signs", null, "hd", null, null));
    }

    @Test
    void aLongPromptIsKeptToTheLastCharacter() {
        String prompt = "🐶".repeat(3990);
        Command command = CommandParser.parse("/image " + prompt);
        assertThat(command).isInstanceOf(Command.Image.class);
        String parsed = ((Command.Image) command).prompt();
        assertThat(parsed.codePointCount(0, parsed.length())).isEqualTo(3990);
        assertThat(parsed).isEqualTo(prompt);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(CommandParser.parse("/help")).isEqualTo(new Command.Help());
        assertThat(CommandParser.HELP).contains("/image", "--size", "--hd", "--natural", "--model", "/help");
    }

    @Test
    void mistakesAreExplainedNotThrown() {
        assertThat(reply("/image")).startsWith("Tell me what to draw").contains("Usage: /image");
        assertThat(reply("/image   --hd ")).startsWith("Tell me what to draw");
        assertThat(reply("/image \"\"")).startsWith("Tell me what to draw");
        assertThat(reply("/draw a cat")).isEqualTo("Unknown command /draw. Type /help to see the commands.");
        assertThat(reply("/image a cat --size 512x512")).startsWith("Unknown size \"512x512\"");
        assertThat(reply("/image a cat --size")).startsWith("--size needs a value");
        assertThat(reply("/image a cat --model")).startsWith("--model needs a value");
        assertThat(reply("/image a cat --vivid")).startsWith("Unknown option --vivid");
        assertThat(reply("/image \"a cat")).startsWith("A quote is not closed");
    }

    private static String reply(String content) {
        Command command = CommandParser.parse(content);
        assertThat(command).isInstanceOf(Command.Invalid.class);
        return ((Command.Invalid) command).reply();
    }
}
