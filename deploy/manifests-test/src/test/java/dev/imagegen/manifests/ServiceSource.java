package dev.imagegen.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What one service's sources say about its configuration: env names it reads, properties, port, health paths. */
final class ServiceSource {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern MAPPING_METHOD = Pattern.compile("^\\s+[\\w<>, .]+\\s+(\\w+)\\(\\);", Pattern.MULTILINE);

    final String name;
    private final Properties properties = new Properties();
    private final Set<String> envReferences = new HashSet<>();
    private final Set<String> propertyKeys = new HashSet<>();
    private final Path pom;

    ServiceSource(Path root, String name) {
        this.name = name;
        this.pom = root.resolve(name).resolve("pom.xml");
        Path common = root.resolve("common/src/main");
        for (Path file : new Path[] {
                root.resolve(name).resolve("src/main/resources/application.properties"),
                common.resolve("resources/META-INF/microprofile-config.properties")}) {
            readProperties(file);
        }
        readConfigMappings(root.resolve(name).resolve("src/main/java"));
        readConfigMappings(common.resolve("java"));
    }

    /** True when the service reads this environment variable: a `${NAME` reference or SmallRye's env form of a property. */
    boolean readsEnv(String env) {
        return envReferences.contains(env)
                || propertyKeys.stream().anyMatch(key -> envForm(key).equals(env));
    }

    int httpPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
    }

    /**
     * Where health, metrics and OpenAPI are served: the management interface's port when the service turns it on
     * (a {@code ${ENV:default}} value counts by its default), otherwise the HTTP port.
     */
    int operationsPort() {
        if (!Boolean.parseBoolean(properties.getProperty("quarkus.management.enabled", "false"))) {
            return httpPort();
        }
        String port = properties.getProperty("quarkus.management.port", "9000");
        Matcher withDefault = Pattern.compile("\\$\\{[^:}]+:([^}]+)}").matcher(port);
        return Integer.parseInt(withDefault.matches() ? withDefault.group(1) : port);
    }

    boolean hasHealthExtension() {
        return read(pom).contains("<artifactId>quarkus-smallrye-health</artifactId>");
    }

    /** Where smallrye-health serves a check group ("live", "ready", "started") with this service's root paths. */
    String healthPath(String group) {
        String nonApplicationRoot = properties.getProperty("quarkus.http.non-application-root-path", "q");
        String healthRoot = properties.getProperty("quarkus.smallrye-health.root-path", "health");
        return "/" + nonApplicationRoot + "/" + healthRoot + "/" + group;
    }

    /** SmallRye Config's environment-variable form of a property name. */
    static String envForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private void readProperties(Path file) {
        String text = read(file);
        Matcher references = ENV_REFERENCE.matcher(text);
        while (references.find()) {
            envReferences.add(references.group(1));
        }
        Properties fileProperties = new Properties();
        try {
            fileProperties.load(new java.io.StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : fileProperties.stringPropertyNames()) {
            // "%dev,prod.mp.jwt..." is the profile-specific form of "mp.jwt..."
            String plain = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            propertyKeys.add(plain);
            properties.putIfAbsent(plain, fileProperties.getProperty(key));
        }
    }

    /** Top-level properties of every @ConfigMapping interface: prefix plus the kebab-cased method name. */
    private void readConfigMappings(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String text = read(file);
                Matcher mapping = CONFIG_MAPPING.matcher(text);
                if (mapping.find()) {
                    Matcher methods = MAPPING_METHOD.matcher(text);
                    while (methods.find()) {
                        propertyKeys.add(mapping.group(1) + "." + methods.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                                .toLowerCase(Locale.ROOT));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
