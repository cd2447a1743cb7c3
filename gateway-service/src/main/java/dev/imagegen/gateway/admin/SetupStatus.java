package dev.imagegen.gateway.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Whether an admin exists, and whether a setup token is waiting to make the first one. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SetupStatus(boolean adminExists, boolean tokenPending) {
}
