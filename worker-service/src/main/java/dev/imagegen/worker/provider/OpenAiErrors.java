package dev.imagegen.worker.provider;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Maps OpenAI's status, error body and headers to the codes of a job's {@code failed} event. */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /**
     * @param retryAfterMs OpenAI's {@code retry-after-ms} header, or null
     * @param retryAfter   the standard {@code Retry-After} header (seconds or an HTTP date), or null
     * @param shouldRetry  OpenAI's {@code x-should-retry} header, or null; it overrides the status's rule
     */
    static ProviderException toProviderException(int status, OpenAiImagesClient.ErrorDetail error,
            String retryAfterMs, String retryAfter, String shouldRetry) {
        ProviderException byStatus = byStatus(status, error, retryAfter(retryAfterMs, retryAfter));
        if (shouldRetry == null || byStatus.code().equals("content_policy_violation")
                || byStatus.code().equals("insufficient_quota") || byStatus.code().equals("model_unavailable")) {
            return byStatus;
        }
        boolean retry = Boolean.parseBoolean(shouldRetry.trim());
        return retry == byStatus.retryable() ? byStatus
                : new ProviderException(byStatus.code(), byStatus.getMessage(), retry,
                        byStatus.retryAfter().orElse(null));
    }

    private static ProviderException byStatus(int status, OpenAiImagesClient.ErrorDetail error, Duration wait) {
        String code = error == null ? null : error.code();
        String message = error == null || error.message() == null || error.message().isBlank()
                ? "The image provider answered " + status
                : error.message();
        if ("content_policy_violation".equals(code) || "moderation_blocked".equals(code)) {
            return new ProviderException("content_policy_violation", message, false);
        }
        if ("insufficient_quota".equals(code) || "billing_hard_limit_reached".equals(code)) {
            return new ProviderException("insufficient_quota", "The image provider account has no quota left",
                    false);
        }
        if ("model_not_found".equals(code) && (status == 400 || status == 404)) {
            // A shut-down model is answered 404 or, by some deployments, 400: no retry brings it back.
            return new ProviderException("model_unavailable", message, false);
        }
        if (status == 401 || status == 403) {
            // OpenAI's message echoes part of the key; say nothing of it.
            return new ProviderException("provider_auth", "The image provider refused the worker's credentials",
                    false);
        }
        if (status == 404) {
            return new ProviderException("model_unavailable", message, false);
        }
        if (status == 429) {
            String after = wait == null ? "" : " (retry after " + wait.toMillis() + " ms)";
            return new ProviderException("rate_limited", "The image provider is rate limiting" + after, true, wait);
        }
        if (status == 408 || status == 409 || status >= 500) {
            return new ProviderException("provider_unavailable", "The image provider failed: " + status, true, wait);
        }
        return new ProviderException("invalid_request", message, false);
    }

    /** OpenAI's {@code retry-after-ms} first, then {@code Retry-After} in seconds or as an HTTP date. */
    static Duration retryAfter(String retryAfterMs, String retryAfter) {
        try {
            if (retryAfterMs != null && !retryAfterMs.isBlank()) {
                return Duration.ofMillis(Math.round(Double.parseDouble(retryAfterMs.trim())));
            }
            if (retryAfter != null && !retryAfter.isBlank()) {
                try {
                    return Duration.ofMillis(Math.round(Double.parseDouble(retryAfter.trim()) * 1000));
                } catch (NumberFormatException e) {
                    Duration until = Duration.between(ZonedDateTime.now(),
                            ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                    return until.isNegative() ? Duration.ZERO : until;
                }
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // an unreadable header: the backoff decides
        }
        return null;
    }
}
