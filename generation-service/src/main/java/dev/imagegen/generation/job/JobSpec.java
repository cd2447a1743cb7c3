package dev.imagegen.generation.job;

import java.util.UUID;

/**
 * A request that passed validation, with the model's defaults filled in; once its model is shut down and
 * replaced, the options the replacement runs with.
 *
 * @param requestedModel the shut-down model asked for, when {@code model} replaces it
 * @param styleHint      words added to the prompt for a style the model does not take
 */
record JobSpec(String prompt, String model, String requestedModel, String size, String quality, String style,
        String styleHint, int n, String background, String outputFormat, Integer outputCompression,
        String moderation, UUID threadId) {
}
