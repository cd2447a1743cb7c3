package dev.imagegen.gateway.progress;

import dev.imagegen.common.streams.StreamsConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Single-use tickets that open a progress WebSocket in place of the JWT, so no long-lived token ends up in a URL
 * (and from there in a proxy's access log). Kept in Redis, so a ticket issued by one replica opens a socket on any,
 * and taken with GETDEL, so it opens exactly one.
 */
@ApplicationScoped
public class ProgressTickets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final ReactiveValueCommands<String, String> values;
    private final String prefix;
    private final long lifetimeSeconds;

    ProgressTickets(ReactiveRedisDataSource redis, StreamsConfig streams, ProgressConfig config) {
        this.values = redis.value(String.class);
        this.prefix = streams.prefix() + ":ws-ticket:";
        this.lifetimeSeconds = Math.max(1, config.ticketLifetime().toSeconds());
    }

    /** A fresh ticket for the user, valid for {@link #lifetimeSeconds()}. */
    Uni<String> issue(UUID userId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String ticket = ENCODER.encodeToString(secret);
        return values.setex(prefix + ticket, lifetimeSeconds, userId.toString()).replaceWith(ticket);
    }

    /** The user the ticket was issued to, or {@code null} for an unknown, used or expired ticket; it is used up. */
    Uni<UUID> redeem(String ticket) {
        return values.getdel(prefix + ticket).map(userId -> userId == null ? null : UUID.fromString(userId));
    }

    long lifetimeSeconds() {
        return lifetimeSeconds;
    }
}
