package dev.imagegen.worker.provider;

import java.math.BigDecimal;

/**
 * What a provider returned for one job.
 *
 * @param bytes         the PNG image
 * @param revisedPrompt the prompt as the provider rewrote it (or the original)
 * @param model         the model that rendered it
 * @param cost          what the call cost, in USD
 */
public record GeneratedImage(byte[] bytes, String revisedPrompt, String model, BigDecimal cost) {
}
