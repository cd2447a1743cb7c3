package dev.imagegen.chat.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.ChatEvent;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.UUID;

/** Tells the gateways about thread changes on {@code imagegen:chat}, for the owner's open WebSockets. */
@ApplicationScoped
public class ChatEventPublisher {

    private final ReactiveStreamCommands<String, String, String> streams;
    private final ObjectMapper json;
    private final String key;
    private final long maxLen;

    public ChatEventPublisher(ReactiveRedisDataSource redis, ObjectMapper json, StreamsConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.json = json;
        this.key = ChatEvent.streamKey(config.prefix());
        this.maxLen = config.eventsMaxLen();
    }

    /** Announces a message as posted or changed; {@code message} is its API view. */
    public Uni<Void> message(UUID userId, UUID threadId, Object message) {
        ChatEvent event = ChatEvent.message(userId, threadId, json.valueToTree(message));
        try {
            return streams.xadd(key, new XAddArgs().maxlen(maxLen).nearlyExactTrimming(),
                    Map.of(EventPublisher.PAYLOAD, json.writeValueAsString(event))).replaceWithVoid();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a chat event", e);
        }
    }
}
