package dev.imagegen.generation.job;

import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.models.ModelProfiles.Profile;
import dev.imagegen.generation.model.ModelLineup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Moves a validated request for a shut-down model onto the model that replaces it, each option to the
 * replacement's nearest: the old profile's {@code translations} first, then the same value where the replacement
 * has it, else the replacement's default.
 */
@ApplicationScoped
class OptionTranslator {

    private static final String AUTO = "auto";

    private final ModelProfiles models;

    OptionTranslator(ModelProfiles models) {
        this.models = models;
    }

    /** The job as it runs: {@code asked} itself, or translated hop by hop along its replacements. */
    JobSpec runnable(JobSpec asked, ModelLineup lineup) {
        List<String> route = lineup.route(asked.model()).orElseThrow();
        JobSpec spec = asked;
        for (String next : route.subList(1, route.size())) {
            spec = translate(spec, models.find(spec.model()).orElseThrow(), next, models.find(next).orElseThrow());
        }
        return spec;
    }

    private static JobSpec translate(JobSpec spec, Profile from, String model, Profile to) {
        List<String> styles = to.styles().orElse(List.of());
        String style = spec.style();
        String hint = spec.styleHint();
        if (style != null && !styles.contains(style)) {
            hint = join(hint, from.translations().get("style/" + style));
            style = null;
        }
        if (style == null) {
            style = first(styles);
        }
        String format = carry(spec.outputFormat(), to.outputFormats());
        String background = carry(spec.background(), to.backgrounds());
        if (JobSpecValidator.TRANSPARENT.equals(background) && !to.transparentFormats().contains(format)) {
            // keep the transparency asked for, in a format of the replacement that carries it
            Optional<String> clear = to.outputFormats().orElse(List.of()).stream()
                    .filter(to.transparentFormats()::contains).findFirst();
            format = clear.orElse(format);
            background = clear.isPresent() ? background : first(to.backgrounds().orElse(List.of()));
        }
        Integer compression = to.outputCompression() && JobSpecValidator.COMPRESSIBLE_FORMATS.contains(format)
                ? spec.outputCompression() : null;
        return new JobSpec(spec.prompt(), model, spec.requestedModel() == null ? spec.model() : spec.requestedModel(),
                size(spec.size(), from, to), quality(spec.quality(), from, to), style, hint,
                Math.min(spec.n(), to.maxImages()), background, format, compression,
                carry(spec.moderation(), to.moderations()), spec.threadId());
    }

    /** The old profile's translation where the replacement has it, else the same level, else its default. */
    private static String quality(String quality, Profile from, Profile to) {
        List<String> qualities = to.qualities().orElse(List.of());
        String translated = quality == null ? null : from.translations().get("quality/" + quality);
        if (translated != null && qualities.contains(translated)) {
            return translated;
        }
        return carry(quality, to.qualities());
    }

    /**
     * The size itself where the replacement has it as a preset (or, for a custom size, takes it), else the
     * replacement's preset of the same orientation with the nearest aspect ratio (1792x1024 → 1536x1024);
     * {@code auto} where the replacement lacks it becomes its default.
     */
    private static String size(String size, Profile from, Profile to) {
        if (to.sizes().contains(size)) {
            return size;
        }
        List<int[]> presets = to.sizes().stream().filter(s -> !AUTO.equals(s)).map(Profile::sides).toList();
        if (AUTO.equals(size) || presets.isEmpty()) {
            return to.sizes().get(0);
        }
        int[] wh = Profile.sides(size);
        boolean custom = !from.sizes().contains(size);
        if (custom && to.customSizes().map(rules -> rules.check(wh[0], wh[1]).isEmpty()).orElse(false)) {
            return size;
        }
        List<int[]> sameWay = presets.stream()
                .filter(p -> Integer.signum(p[0] - p[1]) == Integer.signum(wh[0] - wh[1])).toList();
        double ratio = Math.log((double) wh[0] / wh[1]);
        int[] nearest = (sameWay.isEmpty() ? presets : sameWay).stream()
                .min(Comparator.comparingDouble((int[] p) -> Math.abs(Math.log((double) p[0] / p[1]) - ratio))
                        .thenComparingLong(p -> Math.abs((long) p[0] * p[1] - (long) wh[0] * wh[1])))
                .orElseThrow();
        return nearest[0] + "x" + nearest[1];
    }

    /** The value where the replacement takes it, else the replacement's default (null when it takes none). */
    private static String carry(String value, Optional<List<String>> allowed) {
        List<String> values = allowed.orElse(List.of());
        return value != null && values.contains(value) ? value : first(values);
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    private static String join(String hint, String more) {
        return more == null ? hint : hint == null ? more : hint + " " + more;
    }
}
