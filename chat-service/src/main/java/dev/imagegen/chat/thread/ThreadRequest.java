package dev.imagegen.chat.thread;

import jakarta.validation.constraints.Size;

/** Body of {@code POST /chat/threads}; without a title the first message names the thread. */
public record ThreadRequest(@Size(max = 200, message = "must be at most 200 characters") String title) {
}
