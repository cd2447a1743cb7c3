package dev.imagegen.generation.job;

import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.problem.Problem.FieldError;
import dev.imagegen.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks a request against its model's profile and fills in that model's defaults. */
@ApplicationScoped
class JobSpecValidator {

    private final ModelProfiles models;

    JobSpecValidator(ModelProfiles models) {
        this.models = models;
    }

    JobSpec validate(GenerateRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        return check(request, true);
    }

    /** Checks the model and its options alone, for a price estimate. */
    JobSpec validateOptions(String model, String size, String quality) {
        return check(new GenerateRequest(null, size, quality, null, model, null), false);
    }

    private JobSpec check(GenerateRequest request, boolean needsPrompt) {
        List<FieldError> errors = new ArrayList<>();
        String model = request.model() == null ? models.defaultModel() : request.model();
        ModelProfiles.Profile profile = models.find(model).orElse(null);
        if (profile == null) {
            errors.add(new FieldError("model", "must be one of " + String.join(", ", models.profiles().keySet())));
            throw problem(errors);
        }
        String prompt = request.prompt();
        if (needsPrompt && (prompt == null || prompt.isBlank())) {
            errors.add(new FieldError("prompt", "must not be empty"));
        } else if (needsPrompt && prompt.codePointCount(0, prompt.length()) > profile.promptLimit()) {
            errors.add(new FieldError("prompt", "must be at most " + profile.promptLimit() + " characters for "
                    + model));
        }
        String size = pick("size", request.size(), Optional.of(profile.sizes()), model, errors);
        String quality = pick("quality", request.quality(), profile.qualities(), model, errors);
        String style = pick("style", request.style(), profile.styles(), model, errors);
        if (!errors.isEmpty()) {
            throw problem(errors);
        }
        return new JobSpec(prompt, model, size, quality, style, request.threadId());
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
        return new ProblemException(400, "validation", detail, errors);
    }
}
