package dev.imagegen.chaos.harness;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the {@link ChaosSuite} once for the whole test run (stopped, and its report printed, when the run ends),
 * heals it before each test class (whatever an earlier class left killed or stopped is started again), and hands
 * it to test and lifecycle methods that take a {@code ChaosSuite} parameter.
 *
 * <pre>
 * &#64;ExtendWith(ChaosExtension.class)
 * class SomethingIT {
 *     &#64;Test
 *     void survives(ChaosSuite suite) { ... }
 * }
 * </pre>
 */
public final class ChaosExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Running running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
        running.suite.heal();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ChaosSuite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return ChaosSuite.get();
    }

    /** The suite for the run: closed by JUnit when the run ends. */
    private record Running(ChaosSuite suite) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static Running start() {
            ChaosSuite suite = new ChaosSuite();
            try {
                suite.start();
            } catch (Exception e) {
                suite.stop();
                throw new IllegalStateException("The chaos suite did not start: " + e.getMessage(), e);
            }
            return new Running(suite);
        }

        @Override
        public void close() {
            suite.stop();
        }
    }
}
