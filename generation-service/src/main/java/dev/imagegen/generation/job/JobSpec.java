package dev.imagegen.generation.job;

import java.util.UUID;

/** A request that passed validation, with the model's defaults filled in. */
record JobSpec(String prompt, String model, String size, String quality, String style, UUID threadId) {
}
