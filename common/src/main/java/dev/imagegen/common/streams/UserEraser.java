package dev.imagegen.common.streams;

import io.smallrye.mutiny.Uni;

import java.util.UUID;

/**
 * Implemented by the one bean of each service that keeps users' rows: {@link UserDeletionConsumer} then reads
 * {@code imagegen:users} in the service's group and calls it for every {@code user_deleted}.
 */
public interface UserEraser {

    /** The service's consumer group on {@code imagegen:users}. */
    String group();

    /** Removes every row of the user; called at least once per deletion, so erasing twice must be harmless. */
    Uni<Void> erase(UUID userId);
}
