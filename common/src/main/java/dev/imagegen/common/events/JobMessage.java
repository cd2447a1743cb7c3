package dev.imagegen.common.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * One accepted job, as written to {@code imagegen:jobs} by generation-service and read by the workers.
 *
 * @param v           schema version of this payload
 * @param jobId       the job (task) id; the idempotency key everywhere
 * @param userId      owner of the job
 * @param prompt      the user's prompt, as submitted
 * @param model       model profile name, e.g. {@code dall-e-3}
 * @param size        e.g. {@code 1024x1024}
 * @param quality     e.g. {@code standard}
 * @param style       e.g. {@code vivid}; null where the model takes no style
 * @param threadId    chat thread the job was asked from, or null
 * @param requestedAt when generation-service accepted the job
 * @param attempt     attempt number the job row expects; writes for an older attempt are refused
 */
// Read and written with ObjectMapper by class, which a native image only allows when registered.
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobMessage(int v, UUID jobId, UUID userId, String prompt, String model, String size, String quality,
        String style, UUID threadId, Instant requestedAt, int attempt) {

    public static final int VERSION = 1;
}
