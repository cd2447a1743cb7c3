package dev.imagegen.gateway.progress;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A reconnecting client's {@code {"resume_from": "<event_id>"}}: replay my events after that one. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResumeRequest(String resumeFrom) {
}
