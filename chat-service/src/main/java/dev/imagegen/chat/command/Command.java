package dev.imagegen.chat.command;

/** What a message asks for: nothing (plain text), an image, help, or a reply explaining a mistake. */
public sealed interface Command {

    /** A message that is not a command. */
    record Text() implements Command {
    }

    /** {@code /image}: options left null take the model's defaults at generation-service. */
    record Image(String prompt, ImageOptions options) implements Command {
    }

    record Help() implements Command {
    }

    /** A command that cannot run; {@code reply} tells the user why and how to write it. */
    record Invalid(String reply) implements Command {
    }
}
