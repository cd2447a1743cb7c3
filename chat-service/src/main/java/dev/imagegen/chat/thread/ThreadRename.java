package dev.imagegen.chat.thread;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code PATCH /chat/threads/{id}}. */
public record ThreadRename(
        @NotBlank(message = "must not be empty") @Size(max = 200, message = "must be at most 200 characters")
        String title) {
}
