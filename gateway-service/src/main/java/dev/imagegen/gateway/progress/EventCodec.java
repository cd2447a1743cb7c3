package dev.imagegen.gateway.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.ChatEvent;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.UserEvent;
import dev.imagegen.common.streams.EventPublisher;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.stream.StreamMessage;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

/** Reads stream entries as job events and writes them as client messages. */
@ApplicationScoped
public class EventCodec {

    private final ObjectMapper json;

    public EventCodec(ObjectMapper json) {
        this.json = json;
    }

    /** The entry's event, or empty for an entry this version cannot read (skipped, never fatal). */
    Optional<JobEvent> read(StreamMessage<String, String, String> entry) {
        String payload = entry.payload().get(EventPublisher.PAYLOAD);
        try {
            JobEvent event = payload == null ? null : json.readValue(payload, JobEvent.class);
            return Optional.ofNullable(event).filter(e -> e.userId() != null && e.type() != null);
        } catch (JsonProcessingException e) {
            Log.warnf("Skipping unreadable event %s: %s", entry.id(), e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** The entry's chat event, or empty for one this version cannot read. */
    Optional<ChatEvent> readChat(StreamMessage<String, String, String> entry) {
        String payload = entry.payload().get(EventPublisher.PAYLOAD);
        try {
            ChatEvent event = payload == null ? null : json.readValue(payload, ChatEvent.class);
            return Optional.ofNullable(event)
                    .filter(e -> e.userId() != null && ChatEvent.MESSAGE.equals(e.type()) && e.message() != null);
        } catch (JsonProcessingException e) {
            Log.warnf("Skipping unreadable chat event %s: %s", entry.id(), e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** The user whose account the entry says was deleted, or empty for any other or unreadable entry. */
    Optional<UUID> readDeletion(StreamMessage<String, String, String> entry) {
        String payload = entry.payload().get(EventPublisher.PAYLOAD);
        try {
            UserEvent event = payload == null ? null : json.readValue(payload, UserEvent.class);
            return Optional.ofNullable(event).filter(e -> e.type() == UserEvent.Type.DELETED).map(UserEvent::userId);
        } catch (JsonProcessingException e) {
            Log.warnf("Skipping unreadable user event %s: %s", entry.id(), e.getOriginalMessage());
            return Optional.empty();
        }
    }

    String writeChat(ChatEvent event) {
        return write(ProgressMessage.chat(event));
    }

    ProgressSubscriber.Outgoing outgoing(JobEvent event, String eventId) {
        return new ProgressSubscriber.Outgoing(eventId, write(ProgressMessage.of(event, eventId)));
    }

    String write(ProgressMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a progress message", e);
        }
    }
}
