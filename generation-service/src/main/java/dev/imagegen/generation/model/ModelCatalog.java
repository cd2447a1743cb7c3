package dev.imagegen.generation.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.models.ModelProfiles.PriceKind;
import dev.imagegen.common.models.ModelProfiles.Profile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Body of {@code GET /models}: the model a request without one runs on, then every model — that one first, then
 * the others that work by name, then the shut-down ones by name.
 *
 * @param configuredDefault the configured default ({@code DALLE_MODEL}) when it is shut down and replaced
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelCatalog(String defaultModel, @JsonInclude(JsonInclude.Include.NON_NULL) String configuredDefault,
        List<Model> models) {

    static ModelCatalog of(ModelProfiles profiles, ModelLineup lineup) {
        String defaultModel = lineup.defaultModel();
        List<Model> models = profiles.profiles().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Profile> e) -> !e.getKey().equals(defaultModel))
                        .thenComparing(e -> lineup.shutDown(e.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .map(e -> Model.of(e.getKey(), e.getValue(), lineup))
                .toList();
        String configured = profiles.defaultModel();
        return new ModelCatalog(defaultModel, configured.equals(defaultModel) ? null : configured, models);
    }

    /**
     * One model's options, the first of each list being what a submit that leaves it out gets (an empty list: the
     * model takes no such option), and the expected price of one image of every preset and quality (quality null
     * where the model takes none), as the estimate and the reservation charge it.
     *
     * @param replacedBy what runs in place of a model that is shut down or shutting down
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Model(String name, ModelLineup.Status status, LocalDate shutdownDate, String replacedBy,
            List<String> sizes, CustomSizes customSizes, List<String> qualities, List<String> styles,
            List<String> backgrounds, List<String> outputFormats, boolean outputCompression, List<String> moderations,
            int maxImages, int promptLimit, int estimatedSeconds, String priceKind, TokenPrices tokenPrices,
            List<Price> prices, boolean streaming, boolean edits) {

        static Model of(String name, Profile profile, ModelLineup lineup) {
            ModelLineup.Status status = lineup.status(name);
            List<String> qualities = profile.qualities().orElse(List.of());
            boolean perToken = profile.priceKind() == PriceKind.TOKEN;
            List<Price> prices = new ArrayList<>();
            for (String quality : qualities.isEmpty() ? Collections.<String>singletonList(null) : qualities) {
                for (String size : profile.sizes()) {
                    prices.add(new Price(size, quality, profile.estimate(size, quality),
                            perToken ? profile.outputTokens(size, quality) : null));
                }
            }
            return new Model(name, status, lineup.shutdownDate(name).orElse(null),
                    status == ModelLineup.Status.ACTIVE ? null : lineup.replacedBy(name).orElse(null),
                    profile.sizes(), profile.customSizes().map(CustomSizes::of).orElse(null), qualities,
                    profile.styles().orElse(List.of()), profile.backgrounds().orElse(List.of()),
                    profile.outputFormats().orElse(List.of()), profile.outputCompression(),
                    profile.moderations().orElse(List.of()), profile.maxImages(), profile.promptLimit(),
                    profile.estimatedSeconds(), ModelCatalog.priceKind(profile),
                    perToken ? profile.tokenPrices().map(TokenPrices::of).orElse(null) : null, prices,
                    profile.streaming(), profile.edits());
        }
    }

    /** How a model is billed, as the API names it: {@code image} or {@code token}. */
    public static String priceKind(Profile profile) {
        return profile.priceKind().name().toLowerCase(Locale.ROOT);
    }

    /** The rules a custom {@code WxH} size must meet. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomSizes(int multiple, int maxEdge, double maxAspectRatio, long minPixels, long maxPixels) {

        static CustomSizes of(ModelProfiles.CustomSizes rules) {
            return new CustomSizes(rules.multiple(), rules.maxEdge(), rules.maxAspectRatio(), rules.minPixels(),
                    rules.maxPixels());
        }
    }

    /** USD per 1M tokens; a cached price the provider does not publish is the full one. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TokenPrices(BigDecimal textInput, BigDecimal textInputCached, BigDecimal imageInput,
            BigDecimal imageInputCached, BigDecimal imageOutput) {

        static TokenPrices of(ModelProfiles.TokenPrices prices) {
            return new TokenPrices(prices.textInput(), prices.textInputCached().orElse(prices.textInput()),
                    prices.imageInput(), prices.imageInputCached().orElse(prices.imageInput()),
                    prices.imageOutput());
        }
    }

    /** {@code outputTokens}: image output tokens the estimate expects, for per-token models. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Price(String size, String quality, BigDecimal price, Long outputTokens) {
    }
}
