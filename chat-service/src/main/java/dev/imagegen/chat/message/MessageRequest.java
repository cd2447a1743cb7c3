package dev.imagegen.chat.message;

import jakarta.validation.constraints.NotBlank;

/** Body of {@code POST /chat/threads/{id}/messages}: text, or a command such as {@code /image <prompt>}. */
public record MessageRequest(@NotBlank(message = "must not be empty") String content) {
}
