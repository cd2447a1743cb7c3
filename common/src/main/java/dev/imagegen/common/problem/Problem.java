package dev.imagegen.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem details body, the error shape of every service's API.
 *
 * @param type   {@code about:blank} for plain HTTP errors, {@code urn:imagegen:<code>} for the suite's own
 * @param code   machine-readable reason, e.g. {@code validation}, {@code not_found}
 * @param errors one entry per invalid field, for validation problems
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }
}
