package dev.imagegen.common.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The tokens a per-token provider billed one request by, as its response's {@code usage} reports them. Cached
 * counts are part of the input counts, as OpenAI reports them.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenUsage(long inputTextTokens, long inputImageTokens, long cachedTextTokens, long cachedImageTokens,
        long outputImageTokens, long outputTextTokens) {

    public long inputTokens() {
        return inputTextTokens + inputImageTokens;
    }

    public long outputTokens() {
        return outputImageTokens + outputTextTokens;
    }
}
