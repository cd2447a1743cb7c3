package dev.imagegen.gateway.ratelimit;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Buckets small enough to empty in a test, refilling a token a minute so a slow machine does not refill them
 * mid-test; share refills a token a second, so refilling is quick to watch.
 */
public class TightLimits implements QuarkusTestProfile {

    public static final int GENERATE_CAPACITY = 3;
    public static final int API_CAPACITY = 5;
    public static final int AUTH_CAPACITY = 10;
    public static final int SHARE_CAPACITY = 2;
    public static final int WEBSOCKETS_PER_USER = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("imagegen.ratelimit.groups.auth.capacity", String.valueOf(AUTH_CAPACITY)),
                Map.entry("imagegen.ratelimit.groups.auth.refill-per-minute", "1"),
                Map.entry("imagegen.ratelimit.groups.generate.capacity", String.valueOf(GENERATE_CAPACITY)),
                Map.entry("imagegen.ratelimit.groups.generate.refill-per-minute", "1"),
                Map.entry("imagegen.ratelimit.groups.api.capacity", String.valueOf(API_CAPACITY)),
                Map.entry("imagegen.ratelimit.groups.api.refill-per-minute", "1"),
                Map.entry("imagegen.ratelimit.groups.share.capacity", String.valueOf(SHARE_CAPACITY)),
                Map.entry("imagegen.ratelimit.groups.share.refill-per-minute", "60"),
                Map.entry("imagegen.ratelimit.websocket.max-connections-per-user", String.valueOf(WEBSOCKETS_PER_USER)));
    }
}
