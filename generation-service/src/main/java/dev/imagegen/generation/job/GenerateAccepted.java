package dev.imagegen.generation.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.UUID;

/** The seed's 202 answer: where to follow the job, and roughly how long it takes in seconds. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GenerateAccepted(UUID taskId, String status, int estimatedTime) {
}
