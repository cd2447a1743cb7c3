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
                .isEqualTo(new Command.Image("a cute golden retriever puppy playing in a garden", ImageOptions.NONE));
    }

    @Test
    void readsEveryOptionWhereverItStands() {
        assertThat(CommandParser.parse("/image --n 3 a lighthouse --quality HIGH at dusk --format webp --transparent "
                + "--size 1536x1024 --model gpt-image-2.5-flare --compression 80 --moderation low --style vivid"))
                .isEqualTo(new Command.Image("a lighthouse at dusk", new ImageOptions("1536x1024", "high", "vivid",
                        "gpt-image-2.5-flare", 3, "transparent", "webp", 80, "low")));
        assertThat(CommandParser.parse("/IMAGE a fox --size=2048X1152 --N=2 --MODEL=gpt-image-2 --background=opaque "
                + "--format=jpg"))
                .isEqualTo(new Command.Image("a fox", new ImageOptions("2048x1152", null, null, "gpt-image-2", 2,
                        "opaque", "jpeg", null, null)));
    }

    @Test
    void aTransparentBackgroundIsPngUnlessAnotherFormatIsAskedFor() {
        assertThat(options("/image a logo --transparent"))
                .isEqualTo(new ImageOptions(null, null, null, null, null, "transparent", "png", null, null));
        assertThat(options("/image a logo --background transparent").outputFormat()).isEqualTo("png");
        assertThat(options("/image a logo --format webp --transparent").outputFormat()).isEqualTo("webp");
        assertThat(options("/image a logo --transparent --format jpeg").outputFormat()).isEqualTo("jpeg");
        assertThat(options("/image a logo --background opaque").outputFormat()).isNull();
    }

    @Test
    void theSeedsShorthandsStillWork() {
        assertThat(options("/image a fox --hd --natural"))
                .isEqualTo(new ImageOptions(null, "high", "natural", null, null, null, null, null, null));
    }

    @Test
    void aLaterMentionOfAnOptionWins() {
        assertThat(options("/image a fox --n 2 --quality low --n 4 --hd"))
                .isEqualTo(new ImageOptions(null, "high", null, null, 4, null, null, null, null));
    }

    @ParameterizedTest
    @CsvSource({"square,1024x1024", "landscape,1536x1024", "portrait,1024x1536", "Landscape,1536x1024",
            "auto,auto", "1024x1024,1024x1024", "1792x1024,1792x1024", "3840x1280,3840x1280", "2048×1152,2048x1152"})
    void sizesByNameOrAsWidthTimesHeight(String written, String size) {
        assertThat(options("/image a fox --size " + written).size()).isEqualTo(size);
    }

    @Test
    void quotedWordsAreNeverOptions() {
        assertThat(CommandParser.parse("/image \"a sign saying --hd\"   on a   wall --hd"))
                .isEqualTo(new Command.Image("a sign saying --hd on a wall", options("/image x --hd")));
        assertThat(CommandParser.parse("/image “smart --n 3 quotes” --n 2"))
                .isEqualTo(new Command.Image("smart --n 3 quotes", options("/image x --n 2")));
        assertThat(CommandParser.parse("/image --hd -- --size is part of the prompt"))
                .isEqualTo(new Command.Image("--size is part of the prompt", options("/image x --hd")));
        assertThat(CommandParser.parse("/image a poster --model \"my model\""))
                .isEqualTo(new Command.Image("a poster", new ImageOptions(null, null, null, "my model", null, null,
                        null, null, null)));
    }

    @Test
    void apostrophesAndInnerQuotesStayInThePrompt() {
        assertThat(CommandParser.parse("/image a dog's toy, 12\" tall"))
                .isEqualTo(new Command.Image("a dog's toy, 12\" tall", ImageOptions.NONE));
    }

    @Test
    void unicodePromptsSurviveWhole() {
        assertThat(CommandParser.parse("/image 東京の夜景 🌃 with naïve café signs\u3000--n 2"))
                .isEqualTo(new Command.Image("東京の夜景 🌃 with naïve café signs", options("/image x --n 2")));
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
    void helpListsTheCommandsWithAnExample() {
        assertThat(CommandParser.parse("/help")).isEqualTo(new Command.Help());
        assertThat(CommandParser.HELP).contains("/image", "--n", "--size", "--quality", "--format", "--transparent",
                "--background", "--compression", "--moderation", "--style", "--model", "--hd", "/help");
        String example = CommandParser.HELP.lines().filter(line -> line.startsWith("Example: "))
                .findFirst().orElseThrow().substring("Example: ".length());
        assertThat(CommandParser.parse(example)).isEqualTo(new Command.Image("a lighthouse at dusk",
                new ImageOptions("1536x1024", "high", null, null, 3, "transparent", "webp", null, null)));
    }

    @Test
    void mistakesAreExplainedNotThrown() {
        assertThat(reply("/image")).startsWith("Tell me what to draw").contains("Usage: /image");
        assertThat(reply("/image   --hd ")).startsWith("Tell me what to draw");
        assertThat(reply("/image \"\"")).startsWith("Tell me what to draw");
        assertThat(reply("/draw a cat")).isEqualTo("Unknown command /draw. Type /help to see the commands.");
        assertThat(reply("/image a cat --size 512")).startsWith("Unknown size \"512\"");
        assertThat(reply("/image a cat --size")).startsWith("--size needs a value");
        assertThat(reply("/image a cat --size= --hd")).startsWith("--size needs a value");
        assertThat(reply("/image a cat --size --hd")).startsWith("--size needs a value");
        assertThat(reply("/image a cat --model")).startsWith("--model needs a value");
        assertThat(reply("/image a cat --format")).startsWith("--format needs a value");
        assertThat(reply("/image a cat --n three")).isEqualTo("--n takes how many images, e.g. --n 3, not \"three\".");
        assertThat(reply("/image a cat --n 0")).startsWith("--n takes how many images");
        assertThat(reply("/image a cat --compression 101"))
                .isEqualTo("--compression takes a number from 0 to 100, e.g. 80, not \"101\".");
        assertThat(reply("/image a cat --transparent=yes")).startsWith("--transparent takes no value");
        assertThat(reply("/image a cat --vivid")).startsWith("Unknown option --vivid").contains("Usage: /image");
        assertThat(reply("/image \"a cat")).startsWith("A quote is not closed");
    }

    private static ImageOptions options(String content) {
        Command command = CommandParser.parse(content);
        assertThat(command).isInstanceOf(Command.Image.class);
        return ((Command.Image) command).options();
    }

    private static String reply(String content) {
        Command command = CommandParser.parse(content);
        assertThat(command).isInstanceOf(Command.Invalid.class);
        return ((Command.Invalid) command).reply();
    }
}
