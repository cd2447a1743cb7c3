package dev.imagegen.common.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.events.UserEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** Appends jobs, job events and account events to their streams, as one JSON {@code payload} field per entry. */
@ApplicationScoped
public class EventPublisher {

    public static final String PAYLOAD = "payload";

    private final ReactiveStreamCommands<String, String, String> streams;
    private final StreamKeys keys;
    private final ObjectMapper json;
    private final long eventsMaxLen;
    private final String usersStream;

    public EventPublisher(ReactiveRedisDataSource redis, StreamKeys keys, ObjectMapper json, StreamsConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.keys = keys;
        this.json = json;
        this.eventsMaxLen = config.eventsMaxLen();
        this.usersStream = UserEvent.stream(config);
    }

    public Uni<String> publish(JobEvent event) {
        return streams.xadd(keys.events(), new XAddArgs().maxlen(eventsMaxLen).nearlyExactTrimming(),
                Map.of(PAYLOAD, write(event)));
    }

    public Uni<String> enqueue(JobMessage job) {
        return streams.xadd(keys.jobs(), Map.of(PAYLOAD, write(job)));
    }

    /** A change to an account, on the users stream every service follows. */
    public Uni<String> publish(UserEvent event) {
        return streams.xadd(usersStream, Map.of(PAYLOAD, write(event)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
