package dev.imagegen.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * A change in one of a user's chat threads, as written to {@code imagegen:chat} by chat-service for the
 * gateway to push to that user's WebSocket connections. {@code message} is the message as the chat API
 * shows it; see docs/events.md for an example.
 */
// Read and written with ObjectMapper by class, which a native image only allows when registered.
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatEvent(int v, String type, UUID userId, UUID threadId, Instant at, JsonNode message) {

    public static final int VERSION = 1;
    /** A message was posted or changed; clients keep the latest copy of each message id. */
    public static final String MESSAGE = "chat.message";

    public static ChatEvent message(UUID userId, UUID threadId, JsonNode message) {
        return new ChatEvent(VERSION, MESSAGE, userId, threadId, Instant.now(), message);
    }

    /** The chat stream's key, beside the events stream under the same prefix. */
    public static String streamKey(String prefix) {
        return prefix + ":chat";
    }
}
