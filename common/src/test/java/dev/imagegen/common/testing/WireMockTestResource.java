package dev.imagegen.common.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A WireMock server standing in for an HTTP service a Quarkus test's application calls: started before the
 * application, handed to the test's {@link InjectWireMock} field, stopped after. A subclass names the settings
 * that point the application at it. Shared through common's test-jar.
 */
public abstract class WireMockTestResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    /** The application settings that send its calls to the running server. */
    protected abstract Map<String, String> config(WireMockServer server);

    /** How the server runs: on a free port unless a subclass needs more. */
    protected WireMockConfiguration options() {
        return wireMockConfig().dynamicPort();
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options());
        server.start();
        return config(server);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Marks the test's {@link WireMockServer} field that receives the running server. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface InjectWireMock {
    }
}
