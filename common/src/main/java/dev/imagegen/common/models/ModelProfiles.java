package dev.imagegen.common.models;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image models this suite accepts, as configuration shared by intake validation and the worker: a new
 * model is a config change, not a code change. Profiles ship in common's
 * {@code META-INF/microprofile-config.properties} under {@code imagegen.models.profiles."<name>".*}; a service's
 * application.properties or environment overrides or adds to them.
 */
@ConfigMapping(prefix = "imagegen.models")
public interface ModelProfiles {

    /** Scale of every cost the suite computes and records, in USD: token prices need six decimals. */
    int COST_SCALE = 6;

    /** An amount at {@link #COST_SCALE}, rounded up so a charge never falls short of what was billed. */
    static BigDecimal roundCost(BigDecimal amount) {
        return amount.setScale(COST_SCALE, RoundingMode.CEILING);
    }

    /** Model used when a request names none (the seed's {@code DALLE_MODEL}). */
    @WithName("default")
    @WithDefault("gpt-image-2.6-flare")
    String defaultModel();

    /**
     * The model the seed's API contract speaks of: a request that names no model and whose options are not the
     * default model's but this one's (the seed's {@code quality: standard}, {@code style: vivid}) is read as a
     * request for it, and so runs on its replacement.
     */
    @WithDefault("dall-e-3")
    String seedModel();

    /**
     * Shut-down models and what runs in their place, as {@code old=new} pairs ({@code MODEL_REPLACEMENTS}); a
     * pair whose new model has no profile is ignored.
     */
    Optional<List<String>> replacements();

    /** A model that shuts down within this many days is flagged in {@code GET /models} and logged. */
    @WithDefault("90")
    int shutdownWarningDays();

    /** Every known model by name, shut-down ones included (their options are translated to the replacement's). */
    Map<String, Profile> profiles();

    default Optional<Profile> find(String model) {
        return model == null ? Optional.empty() : Optional.ofNullable(profiles().get(model));
    }

    /** The configured replacement of a model, when it has one with a profile. */
    default Optional<String> replacementFor(String model) {
        Map<String, String> pairs = new HashMap<>();
        for (String pair : replacements().orElse(List.of())) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                pairs.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        String replacement = pairs.get(model);
        return replacement == null || replacement.equals(model) || !profiles().containsKey(replacement)
                ? Optional.empty() : Optional.of(replacement);
    }

    /** How a model is billed. */
    enum PriceKind {
        /** A price per image from {@link Profile#prices()} (DALL-E, Azure deployments, compatible servers). */
        IMAGE,
        /** Per-1M-token prices applied to the response's {@code usage} (GPT-Image models). */
        TOKEN
    }

    interface Profile {

        /** Preset sizes, e.g. {@code 1024x1024} or {@code auto}; the first is the default. */
        List<String> sizes();

        /** Rules for a custom {@code WxH} beyond the presets; absent where only presets are taken. */
        Optional<CustomSizes> customSizes();

        /** Accepted qualities; the first is the default. Empty where the model takes none. */
        Optional<List<String>> qualities();

        /** Accepted styles; the first is the default. Empty where the model takes no style. */
        Optional<List<String>> styles();

        /** Accepted {@code background} values; the first is the default. Empty where the model takes none. */
        Optional<List<String>> backgrounds();

        /** Accepted {@code output_format} values; the first is the default. Empty: always PNG, not sent. */
        Optional<List<String>> outputFormats();

        /** The output formats that can carry a transparent background. */
        @WithDefault("png,webp")
        List<String> transparentFormats();

        /** Whether {@code output_compression} (0–100, jpeg and webp only) is taken. */
        @WithDefault("false")
        boolean outputCompression();

        /** Accepted {@code moderation} values; the first is the default. Empty where the model takes none. */
        Optional<List<String>> moderations();

        /** Most images one request ({@code n}) may ask for. */
        @WithDefault("1")
        int maxImages();

        /** Whether the model takes {@code response_format} (dall-e models); others always answer base64. */
        @WithDefault("false")
        boolean responseFormat();

        /** Whether the provider streams partial images for this model. */
        @WithDefault("false")
        boolean streaming();

        /** Whether the provider edits images with this model ({@code /images/edits}). */
        @WithDefault("false")
        boolean edits();

        /** Longest prompt the model accepts, in characters. */
        @WithDefault("4000")
        int promptLimit();

        /** Typical seconds from submit to stored, told to the client as {@code estimated_time}. */
        @WithDefault("15")
        int estimatedSeconds();

        /** The date the provider stops serving the model, when announced. */
        Optional<LocalDate> shutdownDate();

        /**
         * How this model's options become its replacement's, keyed {@code option/value}: e.g.
         * {@code quality/hd=high}; {@code style/<value>} gives words added to the prompt where the replacement
         * takes no style. Sizes need no entry: the nearest preset of the same orientation is taken.
         */
        Map<String, String> translations();

        @WithDefault("image")
        PriceKind priceKind();

        /**
         * USD per image, keyed {@code quality/size}, {@code quality} or {@code size} (most specific wins); a
         * combination without a price is charged the table's highest, never nothing. Used by per-image models.
         */
        Map<String, BigDecimal> prices();

        /** USD per 1M tokens, for per-token models. */
        Optional<TokenPrices> tokenPrices();

        /**
         * Per-quality factor of the output-token estimate (see {@link #outputTokens}); what a per-token model's
         * estimate, and so its reservation, assumes before the response's usage tells the real count.
         */
        Map<String, Integer> outputTokenFactors();

        /** Input text tokens an estimate assumes for the prompt (real usage replaces it on completion). */
        @WithDefault("100")
        long estimatedPromptTokens();

        /**
         * Expected image output tokens of one image: OpenAI's image cost calculator as published on its community
         * forum ("gpt-image-2 output pricing calculator"), {@code ceil(f * s * (2,000,000 + w*h) / 4,000,000)}
         * with {@code f} the quality's factor and {@code s = (2*f*short + long) / (2*long)}. {@code auto} counts as
         * the largest preset and the highest quality, so a reservation never falls short.
         */
        default long outputTokens(String size, String quality) {
            Map<String, Integer> factors = outputTokenFactors();
            int factor = quality != null && factors.containsKey(quality) ? factors.get(quality)
                    : factors.values().stream().max(Integer::compare).orElse(0);
            List<int[]> sides = size == null || "auto".equals(size)
                    ? sizes().stream().filter(s -> !"auto".equals(s)).map(Profile::sides).toList()
                    : List.of(sides(size));
            long most = 0;
            for (int[] wh : sides) {
                long shortSide = Math.min(wh[0], wh[1]);
                long longSide = Math.max(wh[0], wh[1]);
                long axis = (2L * factor * shortSide + longSide) / (2 * longSide);
                long tokens = (factor * axis * (2_000_000L + (long) wh[0] * wh[1]) + 4_000_000L - 1) / 4_000_000L;
                most = Math.max(most, tokens);
            }
            return most;
        }

        /** What one image of this size and quality is expected to cost, rounded up to {@link #COST_SCALE}. */
        default BigDecimal estimate(String size, String quality) {
            if (priceKind() == PriceKind.IMAGE) {
                return lookup(prices(), size, quality).orElse(BigDecimal.ZERO);
            }
            TokenPrices prices = tokenPrices().orElseThrow(
                    () -> new IllegalStateException("a per-token model needs token-prices"));
            return prices.cost(new TokenUsage(estimatedPromptTokens(), 0, 0, 0, outputTokens(size, quality), 0));
        }

        /** {@code WxH} as {@code [w, h]}; callers pass sizes validated before. */
        static int[] sides(String size) {
            String[] parts = size.split("x");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        }

        /** What a response cost: its usage at this model's token prices, or the per-image price. */
        default BigDecimal cost(String size, String quality, int images, TokenUsage usage) {
            if (priceKind() == PriceKind.TOKEN && usage != null) {
                return tokenPrices().orElseThrow().cost(usage);
            }
            return estimate(size, quality).multiply(BigDecimal.valueOf(images));
        }

        /** The most specific entry for {@code quality/size}, {@code quality} or {@code size}, else the highest. */
        private static <T extends Comparable<T>> Optional<T> lookup(Map<String, T> table, String size,
                String quality) {
            if (quality != null && size != null && table.containsKey(quality + "/" + size)) {
                return Optional.of(table.get(quality + "/" + size));
            }
            if (quality != null && table.containsKey(quality)) {
                return Optional.of(table.get(quality));
            }
            if (size != null && table.containsKey(size)) {
                return Optional.of(table.get(size));
            }
            return table.values().stream().max(Comparable::compareTo);
        }
    }

    /** The rules a custom {@code WxH} must meet. */
    interface CustomSizes {

        /** Both sides must be multiples of this many pixels. */
        int multiple();

        /** Longest side, in pixels. */
        int maxEdge();

        /** Largest ratio of the long side to the short side. */
        double maxAspectRatio();

        /** Fewest pixels in all (width × height). */
        long minPixels();

        /** Most pixels in all. */
        long maxPixels();

        /** Why the size breaks a rule, or empty when it meets them all. */
        default Optional<String> check(int width, int height) {
            long pixels = (long) width * height;
            if (width % multiple() != 0 || height % multiple() != 0) {
                return Optional.of("both sides must be multiples of " + multiple() + " px");
            }
            if (Math.max(width, height) > maxEdge()) {
                return Optional.of("the longest side must be at most " + maxEdge() + " px");
            }
            if ((double) Math.max(width, height) / Math.min(width, height) > maxAspectRatio()) {
                return Optional.of("the long side must be at most " + maxAspectRatio() + " times the short side");
            }
            if (pixels < minPixels() || pixels > maxPixels()) {
                return Optional.of("the image must have between " + minPixels() + " and " + maxPixels()
                        + " pixels");
            }
            return Optional.empty();
        }
    }

    /** USD per 1M tokens of each kind OpenAI bills an image request by. */
    interface TokenPrices {

        BigDecimal textInput();

        /** Cached text input; the full text price where none is published. */
        Optional<BigDecimal> textInputCached();

        BigDecimal imageInput();

        /** Cached image input; the full image price where none is published. */
        Optional<BigDecimal> imageInputCached();

        BigDecimal imageOutput();

        /** Text output (reasoning), where the model bills it; the text input price otherwise. */
        Optional<BigDecimal> textOutput();

        /** The usage at these prices, rounded up to {@link #COST_SCALE} ({@link #roundCost}). */
        default BigDecimal cost(TokenUsage usage) {
            BigDecimal total = BigDecimal.ZERO
                    .add(per(usage.inputTextTokens() - usage.cachedTextTokens(), textInput()))
                    .add(per(usage.cachedTextTokens(), textInputCached().orElse(textInput())))
                    .add(per(usage.inputImageTokens() - usage.cachedImageTokens(), imageInput()))
                    .add(per(usage.cachedImageTokens(), imageInputCached().orElse(imageInput())))
                    .add(per(usage.outputImageTokens(), imageOutput()))
                    .add(per(usage.outputTextTokens(), textOutput().orElse(textInput())));
            return roundCost(total.movePointLeft(6));
        }

        private static BigDecimal per(long tokens, BigDecimal pricePerMillion) {
            return BigDecimal.valueOf(Math.max(tokens, 0)).multiply(pricePerMillion);
        }
    }
}
