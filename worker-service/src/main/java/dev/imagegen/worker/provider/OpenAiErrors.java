package dev.imagegen.worker.provider;

/** Maps OpenAI's status and error body to the codes of a job's {@code failed} event. */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static ProviderException toProviderException(int status, OpenAiImagesClient.ErrorDetail error,
            String retryAfter) {
        String code = error == null ? null : error.code();
        String message = error == null || error.message() == null || error.message().isBlank()
                ? "The image provider answered " + status
                : error.message();
        if ("content_policy_violation".equals(code)) {
            return new ProviderException("content_policy_violation", message, false);
        }
        if ("insufficient_quota".equals(code) || "billing_hard_limit_reached".equals(code)) {
            return new ProviderException("insufficient_quota", "The image provider account has no quota left",
                    false);
        }
        if (status == 401 || status == 403) {
            // OpenAI's message echoes part of the key; say nothing of it.
            return new ProviderException("provider_auth", "The image provider refused the worker's credentials",
                    false);
        }
        if (status == 429) {
            String wait = retryAfter == null ? "" : " (retry after " + retryAfter + " s)";
            return new ProviderException("rate_limited", "The image provider is rate limiting" + wait, true);
        }
        if (status >= 500) {
            return new ProviderException("provider_unavailable", "The image provider failed: " + status, true);
        }
        return new ProviderException("invalid_request", message, false);
    }
}
