package dev.imagegen.worker.provider;

import io.quarkus.logging.Log;

import java.math.BigDecimal;

/** OpenAI's list price of one image, in USD; a model without a table is charged as dall-e-3 (never free). */
final class OpenAiPrices {

    private OpenAiPrices() {
    }

    static BigDecimal of(String model, String size, String quality) {
        boolean square = size != null && size.split("x").length == 2
                && size.split("x")[0].equals(size.split("x")[1]);
        boolean hd = "hd".equals(quality);
        return switch (model) {
            case "dall-e-2" -> switch (size == null ? "" : size) {
                case "256x256" -> new BigDecimal("0.016");
                case "512x512" -> new BigDecimal("0.018");
                default -> new BigDecimal("0.020");
            };
            case "dall-e-3" -> dallE3(square, hd);
            default -> {
                Log.warnf("No price table for model %s: counting it at the dall-e-3 price", model);
                yield dallE3(square, hd);
            }
        };
    }

    private static BigDecimal dallE3(boolean square, boolean hd) {
        if (hd) {
            return new BigDecimal(square ? "0.080" : "0.120");
        }
        return new BigDecimal(square ? "0.040" : "0.080");
    }
}
