package dev.imagegen.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * A change to a user account, as written to {@code imagegen:users} by gateway-service. Each service that
 * keeps a user's data reads the stream in a consumer group of its own; see docs/events.md.
 */
// Read and written with ObjectMapper by class, which a native image only allows when registered.
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserEvent(int v, Type type, UUID userId, Instant at) {

    public static final int VERSION = 1;

    public enum Type {
        /** The user erased their account: remove every row of theirs. Handlers must be idempotent. */
        DELETED;

        @JsonValue
        public String wireName() {
            return "user_" + name().toLowerCase();
        }

        /** {@code null} for a type added after this reader was built, so old consumers skip it instead of failing. */
        @JsonCreator
        public static Type fromWire(String wire) {
            for (Type type : values()) {
                if (type.wireName().equals(wire)) {
                    return type;
                }
            }
            return null;
        }
    }

    public static UserEvent deleted(UUID userId) {
        return new UserEvent(VERSION, Type.DELETED, userId, Instant.now());
    }

    /** The stream's key under the suite's prefix. */
    public static String stream(StreamsConfig config) {
        return config.prefix() + ":users";
    }
}
