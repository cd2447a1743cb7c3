package dev.imagegen.worker.provider;

import jakarta.enterprise.context.ApplicationScoped;

/** What the worker last learnt about its provider: whether its key is accepted and its model exists. */
@ApplicationScoped
public class ProviderStatus {

    /** Outcome of the start-up model check. */
    public enum ModelCheck {
        NOT_CHECKED, AVAILABLE, MISSING, FAILED
    }

    private volatile boolean credentialsRefused;
    private volatile ModelCheck modelCheck = ModelCheck.NOT_CHECKED;
    private volatile String modelCheckDetail = "";

    /** The provider answered 401/403: readiness goes down until a call succeeds again. */
    public void credentialsRefused() {
        credentialsRefused = true;
    }

    public void callSucceeded() {
        credentialsRefused = false;
    }

    public boolean credentialsRefusedNow() {
        return credentialsRefused;
    }

    public void modelChecked(ModelCheck result, String detail) {
        modelCheck = result;
        modelCheckDetail = detail;
    }

    public ModelCheck modelCheck() {
        return modelCheck;
    }

    public String modelCheckDetail() {
        return modelCheckDetail;
    }
}
