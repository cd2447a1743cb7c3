package dev.imagegen.generation.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imagegen.common.models.ModelProfiles;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Body of {@code GET /models}: the default model, then every model (default first, the others by name). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelCatalog(String defaultModel, List<Model> models) {

    static ModelCatalog of(ModelProfiles profiles) {
        String defaultModel = profiles.defaultModel();
        List<Model> models = profiles.profiles().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, ModelProfiles.Profile> e) ->
                        !e.getKey().equals(defaultModel)).thenComparing(Map.Entry::getKey))
                .map(e -> Model.of(e.getKey(), e.getValue()))
                .toList();
        return new ModelCatalog(defaultModel, models);
    }

    /**
     * One model's options, the first of each list being what a submit that leaves it out gets, and the list price
     * of every size and quality (quality null where the model takes none), as the estimate charges it.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Model(String name, List<String> sizes, List<String> qualities, List<String> styles,
            int promptLimit, int estimatedSeconds, List<Price> prices) {

        static Model of(String name, ModelProfiles.Profile profile) {
            List<String> qualities = profile.qualities().orElse(List.of());
            List<Price> prices = new ArrayList<>();
            for (String quality : qualities.isEmpty() ? Collections.<String>singletonList(null) : qualities) {
                for (String size : profile.sizes()) {
                    prices.add(new Price(size, quality, profile.price(size, quality)));
                }
            }
            return new Model(name, profile.sizes(), qualities, profile.styles().orElse(List.of()),
                    profile.promptLimit(), profile.estimatedSeconds(), prices);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Price(String size, String quality, BigDecimal price) {
    }
}
