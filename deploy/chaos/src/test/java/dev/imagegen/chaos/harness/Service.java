package dev.imagegen.chaos.harness;

/** The suite's services, by their module folder. */
public enum Service {
    GATEWAY("gateway-service"),
    GENERATION("generation-service"),
    WORKER("worker-service"),
    GALLERY("gallery-service"),
    CHAT("chat-service");

    private final String module;

    Service(String module) {
        this.module = module;
    }

    public String module() {
        return module;
    }
}
