package dev.imagegen.common.problem;

import java.util.List;

/** Thrown where a request cannot be served; answered as problem+json with its status and detail. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    public ProblemException(int status, String code, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not_found", what + " not found");
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "validation", "The request is invalid: " + field + " " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
