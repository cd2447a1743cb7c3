package dev.imagegen.chat.command;

/**
 * The options of an {@code /image} command, as generation-service's request names them; null leaves one to the
 * model's default. Values are passed on as written (lower-cased): generation-service knows what each model
 * takes and its refusal names the allowed values.
 */
public record ImageOptions(String size, String quality, String style, String model, Integer n, String background,
        String outputFormat, Integer outputCompression, String moderation) {

    public static final ImageOptions NONE = new ImageOptions(null, null, null, null, null, null, null, null, null);
}
