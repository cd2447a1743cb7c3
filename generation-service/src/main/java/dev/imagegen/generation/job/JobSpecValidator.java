package dev.imagegen.generation.job;

import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.models.ModelProfiles.Profile;
import dev.imagegen.common.problem.Problem.FieldError;
import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.generation.model.ModelLineup;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a request against the profile of the model it names (a shut-down one included, so the seed's options stay
 * valid) and fills in that model's defaults; any problem is a 422 naming the values allowed.
 */
@ApplicationScoped
class JobSpecValidator {

    static final String TRANSPARENT = "transparent";
    /** The output formats {@code output_compression} applies to. */
    static final List<String> COMPRESSIBLE_FORMATS = List.of("jpeg", "webp");
    private static final Pattern CUSTOM_SIZE = Pattern.compile("([1-9][0-9]{0,4})x([1-9][0-9]{0,4})");

    private final ModelProfiles models;

    JobSpecValidator(ModelProfiles models) {
        this.models = models;
    }

    JobSpec validate(GenerateRequest request, ModelLineup lineup) {
        if (request == null) {
            throw problem(List.of(new FieldError("body", "is required")));
        }
        return check(request, true, lineup);
    }

    /** Checks the model and the options that change the price alone, for an estimate. */
    JobSpec validateOptions(String model, String size, String quality, String n, String background,
            String outputFormat, ModelLineup lineup) {
        Integer images;
        try {
            images = n == null ? null : Integer.valueOf(n.strip());
        } catch (NumberFormatException e) {
            throw problem(List.of(new FieldError("n", "must be a whole number")));
        }
        return check(new GenerateRequest(null, size, quality, null, model, null, images, background, outputFormat,
                null, null), false, lineup);
    }

    private JobSpec check(GenerateRequest request, boolean needsPrompt, ModelLineup lineup) {
        String model = request.model() == null ? models.defaultModel() : request.model();
        String working = String.join(", ", lineup.working());
        Profile profile = models.find(model)
                .orElseThrow(() -> problem(List.of(new FieldError("model", "must be one of " + working))));
        if (lineup.route(model).isEmpty()) {
            throw problem(List.of(new FieldError("model", "was shut down on "
                    + lineup.shutdownDate(model).orElseThrow() + " and nothing replaces " + model
                    + "; use one of " + working)));
        }
        List<FieldError> errors = new ArrayList<>();
        String prompt = request.prompt();
        if (needsPrompt && (prompt == null || prompt.isBlank())) {
            errors.add(new FieldError("prompt", "must not be empty"));
        } else if (needsPrompt && prompt.codePointCount(0, prompt.length()) > profile.promptLimit()) {
            errors.add(new FieldError("prompt", "must be at most " + profile.promptLimit() + " characters for "
                    + model));
        }
        int n = request.n() == null ? 1 : request.n();
        if (n < 1 || n > profile.maxImages()) {
            errors.add(new FieldError("n", profile.maxImages() == 1 ? "must be 1 for " + model
                    : "must be between 1 and " + profile.maxImages() + " for " + model));
        }
        String size = size(request.size(), profile, model, errors);
        String quality = pick("quality", request.quality(), profile.qualities(), model, errors);
        String style = pick("style", request.style(), profile.styles(), model, errors);
        String background = pick("background", request.background(), profile.backgrounds(), model, errors);
        String outputFormat = pick("output_format", request.outputFormat(), profile.outputFormats(), model, errors);
        String moderation = pick("moderation", request.moderation(), profile.moderations(), model, errors);
        boolean optionsValid = errors.stream().noneMatch(e -> e.field().equals("background")
                || e.field().equals("output_format"));
        if (optionsValid && TRANSPARENT.equals(background) && outputFormat != null
                && !profile.transparentFormats().contains(outputFormat)) {
            errors.add(new FieldError("background", "transparent needs output_format "
                    + String.join(" or ", profile.transparentFormats()) + ", not " + outputFormat));
        }
        Integer compression = request.outputCompression();
        if (compression != null) {
            if (!profile.outputCompression()) {
                errors.add(new FieldError("output_compression", "is not accepted by " + model));
            } else if (compression < 0 || compression > 100) {
                errors.add(new FieldError("output_compression", "must be between 0 and 100"));
            } else if (optionsValid && !COMPRESSIBLE_FORMATS.contains(outputFormat)) {
                errors.add(new FieldError("output_compression", "applies to output_format "
                        + String.join(" or ", COMPRESSIBLE_FORMATS) + " only, not " + outputFormat));
            }
        }
        if (!errors.isEmpty()) {
            return inReplacementsTerms(request, needsPrompt, lineup, model)
                    .or(() -> inSeedsTerms(request, needsPrompt, lineup))
                    .orElseThrow(() -> problem(errors));
        }
        return new JobSpec(prompt, model, null, size, quality, style, null, n, background, outputFormat,
                compression, moderation, request.threadId());
    }

    /**
     * A request naming a replaced model (or none, when the default is replaced) may already speak its replacement's
     * terms, as chat's {@code --hd} ({@code quality: high}) does: then it runs as asked on the replacement. Empty
     * when it does not, and the old model's refusals are the ones told.
     */
    private Optional<JobSpec> inReplacementsTerms(GenerateRequest request, boolean needsPrompt, ModelLineup lineup,
            String model) {
        List<String> route = lineup.route(model).orElseThrow();
        if (route.size() < 2) {
            return Optional.empty();
        }
        try {
            JobSpec spec = check(request.withModel(route.get(route.size() - 1)), needsPrompt, lineup);
            return Optional.of(new JobSpec(spec.prompt(), spec.model(), model, spec.size(), spec.quality(),
                    spec.style(), spec.styleHint(), spec.n(), spec.background(), spec.outputFormat(),
                    spec.outputCompression(), spec.moderation(), spec.threadId()));
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    /**
     * A request without a model in the seed's terms ({@code quality: standard}, {@code style: vivid}) is a request
     * for the seed's model, and runs on its replacement. Empty when it is not, and the default model's refusals are
     * the ones told.
     */
    private Optional<JobSpec> inSeedsTerms(GenerateRequest request, boolean needsPrompt, ModelLineup lineup) {
        String seed = models.seedModel();
        if (request.model() != null || seed.equals(models.defaultModel()) || models.find(seed).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(check(request.withModel(seed), needsPrompt, lineup));
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    /** A preset ({@code auto} among them where the model has it), or a custom {@code WxH} within its rules. */
    private static String size(String requested, Profile profile, String model, List<FieldError> errors) {
        List<String> presets = profile.sizes();
        if (requested == null) {
            return presets.get(0);
        }
        if (presets.contains(requested)) {
            return requested;
        }
        Optional<ModelProfiles.CustomSizes> rules = profile.customSizes();
        String allowed = String.join(", ", presets);
        if (rules.isEmpty()) {
            errors.add(new FieldError("size", "must be one of " + allowed + " for " + model));
            return requested;
        }
        Matcher custom = CUSTOM_SIZE.matcher(requested);
        Optional<String> broken = custom.matches()
                ? rules.get().check(Integer.parseInt(custom.group(1)), Integer.parseInt(custom.group(2)))
                : Optional.of("it is not written WIDTHxHEIGHT in pixels");
        broken.ifPresent(rule -> errors.add(new FieldError("size", "must be one of " + allowed + ", or a custom "
                + describe(rules.get()) + " for " + model + "; " + requested + " breaks a rule: " + rule)));
        return requested;
    }

    /** Every custom size rule in one phrase, so a refusal tells all of them at once. */
    private static String describe(ModelProfiles.CustomSizes rules) {
        return "WIDTHxHEIGHT with both sides multiples of " + rules.multiple() + " px, the longest at most "
                + rules.maxEdge() + " px and at most "
                + BigDecimal.valueOf(rules.maxAspectRatio()).stripTrailingZeros().toPlainString()
                + " times the shortest, and " + rules.minPixels() + " to " + rules.maxPixels() + " pixels in all";
    }

    /** The requested option if the model allows it, the model's default if none was asked for. */
    private static String pick(String field, String requested, Optional<List<String>> allowed, String model,
            List<FieldError> errors) {
        List<String> values = allowed.orElse(List.of());
        if (requested == null) {
            return values.isEmpty() ? null : values.get(0);
        }
        if (values.isEmpty()) {
            errors.add(new FieldError(field, "is not accepted by " + model));
        } else if (!values.contains(requested)) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", values)));
        }
        return requested;
    }

    private static ProblemException problem(List<FieldError> errors) {
        String detail = "The request is invalid: " + String.join("; ",
                errors.stream().map(e -> e.field() + " " + e.message()).toList());
        return new ProblemException(422, "validation", detail, errors);
    }
}
