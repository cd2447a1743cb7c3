package dev.imagegen.gateway.progress;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Answer of {@code POST /ws/tickets}: open {@code /ws/progress?ticket=<ticket>} within {@code expires_in} seconds. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProgressTicket(String ticket, long expiresIn) {
}
