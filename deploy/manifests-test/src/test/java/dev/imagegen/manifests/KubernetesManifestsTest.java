package dev.imagegen.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks deploy/k8s against the code it deploys: the base manifests always, and the dev and prod
 * overlays as rendered by {@code kubectl kustomize} where kubectl is installed.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> SERVICES =
            List.of("gateway-service", "generation-service", "worker-service", "gallery-service", "chat-service");
    private static final Map<String, String> PROBES =
            Map.of("startupProbe", "started", "livenessProbe", "live", "readinessProbe", "ready");

    private static Path root;
    private static Map<String, ServiceSource> services;
    private static Set<String> configMapKeys;
    private static Set<String> secretKeys;

    @BeforeAll
    static void readRepository() {
        root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("deploy/k8s/base"))) {
            root = root.getParent();
        }
        services = new java.util.HashMap<>();
        SERVICES.forEach(name -> services.put(name, new ServiceSource(root, name)));
        List<JsonNode> base = render("base");
        configMapKeys = dataKeys(only(base, "ConfigMap"), "data");
        secretKeys = dataKeys(only(base, "Secret"), "stringData");
    }

    @ParameterizedTest
    @MethodSource("sources")
    void everyServiceIsDeployedProbedAndHardened(String source) {
        List<JsonNode> objects = render(source);
        assertThat(names(objects, "Deployment")).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (JsonNode deployment : of(objects, "Deployment")) {
            ServiceSource service = services.get(deployment.at("/metadata/name").asText());
            JsonNode pod = deployment.at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(service.name + " runAsNonRoot").isTrue();
            assertThat(pod.at("/containers")).hasSize(1);
            JsonNode container = pod.at("/containers/0");
            String where = source + " " + service.name;

            assertThat(container.at("/ports/0/containerPort").asInt()).as(where + " port").isEqualTo(service.httpPort());
            assertThat(service.hasHealthExtension()).as(where + " serves /q/health").isTrue();
            PROBES.forEach((probe, group) -> {
                assertThat(container.at("/" + probe + "/httpGet/path").asText()).as(where + " " + probe)
                        .isEqualTo(service.healthPath(group));
                assertThat(containerPort(container, container.at("/" + probe + "/httpGet/port").asText()))
                        .as(where + " " + probe + " port").isEqualTo(service.operationsPort());
            });

            assertThat(container.at("/resources/requests/cpu").asText()).as(where + " cpu request").isNotEmpty();
            assertThat(container.at("/resources/requests/memory").asText()).as(where + " memory request").isNotEmpty();
            assertThat(container.at("/resources/limits/memory").asText()).as(where + " memory limit").isNotEmpty();

            JsonNode security = container.at("/securityContext");
            assertThat(security.at("/allowPrivilegeEscalation").isBoolean()
                    && !security.at("/allowPrivilegeEscalation").asBoolean()).as(where + " no escalation").isTrue();
            assertThat(security.at("/readOnlyRootFilesystem").asBoolean()).as(where + " read-only root").isTrue();
            assertThat(texts(security.at("/capabilities/drop"))).as(where + " drops").contains("ALL");
            String tmpVolume = mountedVolume(container, "/tmp");
            assertThat(volume(pod, tmpVolume).has("emptyDir")).as(where + " /tmp is an emptyDir").isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void everyEnvironmentVariableIsReadByItsServiceAndDefined(String source) {
        for (JsonNode deployment : of(render(source), "Deployment")) {
            ServiceSource service = services.get(deployment.at("/metadata/name").asText());
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                String name = env.at("/name").asText();
                assertThat(service.readsEnv(name)).as(source + " " + service.name + " reads " + name).isTrue();
                if (env.has("valueFrom")) {
                    JsonNode configMapRef = env.at("/valueFrom/configMapKeyRef");
                    JsonNode secretRef = env.at("/valueFrom/secretKeyRef");
                    if (!configMapRef.isMissingNode()) {
                        assertThat(configMapKeys).as("ConfigMap key for " + name).contains(configMapRef.at("/key").asText());
                    } else {
                        assertThat(secretKeys).as("Secret key for " + name).contains(secretRef.at("/key").asText());
                    }
                }
            }
            assertThat(deployment.at("/spec/template/spec/containers/0/envFrom").isMissingNode())
                    .as(service.name + ": env names are listed one by one, so each can be checked").isTrue();
        }
    }

    @Test
    void jwtKeysAreMountedWhereTheConfiguredLocationsPoint() {
        List<JsonNode> base = render("base");
        JsonNode config = only(base, "ConfigMap").at("/data");
        for (JsonNode deployment : of(base, "Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            for (JsonNode env : container.at("/env")) {
                String name = env.at("/name").asText();
                if (name.startsWith("JWT_") && name.endsWith("_KEY_LOCATION")) {
                    Path location = Path.of(config.at("/" + env.at("/valueFrom/configMapKeyRef/key").asText()).asText());
                    String volumeName = mountedVolume(container, location.getParent().toString());
                    JsonNode secret = volume(pod, volumeName).at("/secret");
                    List<String> files = new ArrayList<>();
                    secret.at("/items").forEach(item -> {
                        assertThat(secretKeys).contains(item.at("/key").asText());
                        files.add(item.at("/path").asText());
                    });
                    assertThat(files).as(deployment.at("/metadata/name").asText() + " " + name)
                            .contains(location.getFileName().toString());
                    if (!deployment.at("/metadata/name").asText().equals("gateway-service")) {
                        assertThat(files).as(deployment.at("/metadata/name").asText() + ": only the gateway signs")
                                .doesNotContain("privateKey.pem");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void servicesExposeTheApplicationPorts(String source) {
        List<JsonNode> objects = render(source);
        // The dev overlay adds Services for its own Redis and PostgreSQL.
        List<JsonNode> suite = of(objects, "Service").stream()
                .filter(s -> services.containsKey(s.at("/spec/selector/app.kubernetes.io~1name").asText())).toList();
        assertThat(suite.stream().map(s -> s.at("/metadata/name").asText())).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (JsonNode kubeService : suite) {
            ServiceSource service = services.get(kubeService.at("/spec/selector/app.kubernetes.io~1name").asText());
            assertThat(kubeService.at("/spec/ports/0/port").asInt()).isEqualTo(service.httpPort());
            // The in-cluster URLs in the ConfigMap use the same ports.
            String url = only(objects, "ConfigMap").at("/data/" + service.name.replace("-service", "").toUpperCase()
                    + "_SERVICE_URL").asText("");
            if (!url.isEmpty()) {
                assertThat(url).isEqualTo("http://" + service.name + ":" + service.httpPort());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void workersScaleOnTheRealJobStreamAndOutliveTheirJobs(String source) {
        List<JsonNode> objects = render(source);
        JsonNode scaled = only(objects, "ScaledObject");
        assertThat(scaled.at("/spec/scaleTargetRef/name").asText()).isEqualTo("worker-service");
        String stream = jobsStream();
        String group = constant("worker-service/src/main/java/dev/imagegen/worker/job/JobConsumer.java", "GROUP");
        Set<String> modes = new HashSet<>();
        for (JsonNode trigger : scaled.at("/spec/triggers")) {
            assertThat(trigger.at("/type").asText()).isEqualTo("redis-streams");
            assertThat(trigger.at("/metadata/stream").asText()).isEqualTo(stream);
            assertThat(trigger.at("/metadata/consumerGroup").asText()).isEqualTo(group);
            trigger.at("/metadata").fieldNames().forEachRemaining(modes::add);
            // KEDA reads the Redis the services use (the same host, perhaps fully qualified, and port).
            java.net.URI redis = java.net.URI.create(only(objects, "ConfigMap").at("/data/REDIS_URL").asText());
            String address = trigger.at("/metadata/address").asText();
            assertThat(address).as(source + " KEDA address").matches(Pattern.quote(redis.getHost()) + "(\\.[a-z0-9.-]+)?:"
                    + (redis.getPort() == -1 ? 6379 : redis.getPort()));
            // ...with the password the services use (the Secret's REDIS_PASSWORD, read through a TriggerAuthentication).
            String authentication = trigger.at("/authenticationRef/name").asText();
            JsonNode secretRef = of(objects, "TriggerAuthentication").stream()
                    .filter(t -> t.at("/metadata/name").asText().equals(authentication)).findFirst()
                    .orElseThrow(() -> new AssertionError(source + ": no TriggerAuthentication " + authentication))
                    .at("/spec/secretTargetRef/0");
            assertThat(secretRef.at("/parameter").asText()).isEqualTo("password");
            assertThat(secretRef.at("/name").asText()).isEqualTo("imagegen-secrets");
            assertThat(secretKeys).contains(secretRef.at("/key").asText());
        }
        assertThat(modes).contains("lagCount", "pendingEntriesCount");

        JsonNode worker = of(objects, "Deployment").stream()
                .filter(d -> d.at("/metadata/name").asText().equals("worker-service")).findFirst().orElseThrow();
        long grace = worker.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        Duration hardLimit = Duration.parse("PT" + withDefault(
                "worker-service/src/main/java/dev/imagegen/worker/WorkerConfig.java", "hardTimeLimit").toUpperCase());
        assertThat(grace).as("worker grace period above the job hard limit").isGreaterThan(hardLimit.toSeconds());
        String shutdownGrace = only(objects, "ConfigMap").at("/data/IMAGEGEN_STREAMS_SHUTDOWN_GRACE").asText();
        assertThat(Duration.parse("PT" + shutdownGrace.toUpperCase()).toSeconds())
                .as("the consumer's shutdown wait fits in the pod's grace period").isLessThan(grace);
    }

    @ParameterizedTest
    @MethodSource("sources")
    void onlyTheGatewayIsReachableFromOutside(String source) {
        List<JsonNode> objects = render(source);
        JsonNode ingress = only(objects, "Ingress");
        for (JsonNode rule : ingress.at("/spec/rules")) {
            for (JsonNode path : rule.at("/http/paths")) {
                assertThat(path.at("/backend/service/name").asText()).isEqualTo("gateway-service");
                // The public port only: health, metrics and OpenAPI stay on the management port, inside.
                assertThat(path.at("/backend/service/port/name").asText()).isEqualTo("http");
            }
        }
        ServiceSource gateway = services.get("gateway-service");
        assertThat(gateway.operationsPort()).as("the gateway serves /q/* apart from its public port")
                .isNotEqualTo(gateway.httpPort());
        JsonNode monitor = only(objects, "ServiceMonitor");
        assertThat(monitor.at("/spec/endpoints").findValuesAsText("port")).contains("http", "management");
        JsonNode gatewayService = of(objects, "Service").stream()
                .filter(s -> s.at("/metadata/name").asText().equals("gateway-service")).findFirst().orElseThrow();
        assertThat(gatewayService.at("/spec/ports").findValuesAsText("port"))
                .contains(String.valueOf(gateway.operationsPort()));
        List<JsonNode> policies = of(objects, "NetworkPolicy");
        assertThat(policies).anySatisfy(policy -> {
            assertThat(policy.at("/spec/podSelector").size()).as("a default deny for every pod").isZero();
            assertThat(policy.at("/spec/ingress").isMissingNode()).isTrue();
        });
        for (JsonNode policy : policies) {
            for (JsonNode rule : policy.at("/spec/ingress")) {
                assertThat(rule.at("/from").isMissingNode()).as(policy.at("/metadata/name").asText() + " admits any source")
                        .isFalse();
                for (JsonNode from : rule.at("/from")) {
                    String namespace = from.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText();
                    if (namespace.equals("ingress-nginx")) {
                        // Outside traffic arrives through the ingress controller, to the gateway only.
                        assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText())
                                .as(policy.at("/metadata/name").asText()).isEqualTo("gateway-service");
                    }
                }
            }
        }
        // The ingress controller is the only outside peer, so the gateway may trust its X-Forwarded-For.
        assertThat(only(objects, "ConfigMap").at("/data/HTTP_PROXY_FORWARDING").asText()).isEqualTo("true");
        assertThat(names(objects, "HorizontalPodAutoscaler")).containsExactly("gateway-service");
        assertThat(names(objects, "PodDisruptionBudget")).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(only(objects, "ServiceMonitor").at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    }

    /** The stream StreamKeys.jobs() names with StreamsConfig's default prefix. */
    private static String jobsStream() {
        String prefix = withDefault("common/src/main/java/dev/imagegen/common/streams/StreamsConfig.java", "prefix");
        Matcher suffix = Pattern.compile("String jobs\\(\\)\\s*\\{\\s*return prefix \\+ \"([^\"]+)\";")
                .matcher(ServiceSource.read(root.resolve("common/src/main/java/dev/imagegen/common/streams/StreamKeys.java")));
        assertThat(suffix.find()).as("StreamKeys.jobs()").isTrue();
        return prefix + suffix.group(1);
    }

    private static String withDefault(String file, String method) {
        Matcher matcher = Pattern.compile("@WithDefault\\(\"([^\"]*)\"\\)\\s*\\S+\\s+" + method + "\\(\\)")
                .matcher(ServiceSource.read(root.resolve(file)));
        assertThat(matcher.find()).as(method + " default in " + file).isTrue();
        return matcher.group(1);
    }

    private static String constant(String file, String name) {
        Matcher matcher = Pattern.compile("String " + name + " = \"([^\"]+)\";").matcher(ServiceSource.read(root.resolve(file)));
        assertThat(matcher.find()).as(name + " in " + file).isTrue();
        return matcher.group(1);
    }

    /**
     * The base always (read from its files, no tool needed); the overlays where kubectl can render them,
     * so a machine without kubectl still checks everything the base holds.
     */
    static List<String> sources() {
        return kubectlAvailable() ? List.of("base", "overlays/dev", "overlays/prod") : List.of("base");
    }

    /** The base from its files; an overlay as kubectl renders it. */
    private static List<JsonNode> render(String source) {
        Path dir = root.resolve("deploy/k8s").resolve(source);
        if (source.equals("base")) {
            List<JsonNode> objects = new ArrayList<>();
            for (JsonNode resource : readYaml(ServiceSource.read(dir.resolve("kustomization.yaml"))).get(0).at("/resources")) {
                objects.addAll(readYaml(ServiceSource.read(dir.resolve(resource.asText()))));
            }
            return objects;
        }
        return readYaml(run("kubectl", "kustomize", dir.toString()));
    }

    private static boolean kubectlAvailable() {
        try {
            run("kubectl", "version", "--client");
            return true;
        } catch (IllegalStateException | UncheckedIOException e) {
            return false;
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> readYaml(String text) {
        try {
            return YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll().stream()
                    .filter(node -> node != null && !node.isNull() && !node.isMissingNode())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> of(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.at("/kind").asText().equals(kind)).toList();
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = of(objects, kind);
        assertThat(found).as("one " + kind).hasSize(1);
        return found.get(0);
    }

    private static List<String> names(List<JsonNode> objects, String kind) {
        return of(objects, kind).stream().map(o -> o.at("/metadata/name").asText()).toList();
    }

    private static Set<String> dataKeys(JsonNode object, String field) {
        Set<String> keys = new HashSet<>();
        object.at("/" + field).fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** A port given by name or number, as a number. */
    private static int containerPort(JsonNode container, String port) {
        if (port.matches("\\d+")) {
            return Integer.parseInt(port);
        }
        for (JsonNode declared : container.at("/ports")) {
            if (declared.at("/name").asText().equals(port)) {
                return declared.at("/containerPort").asInt();
            }
        }
        throw new AssertionError(container.at("/name").asText() + " declares no port " + port);
    }

    private static String mountedVolume(JsonNode container, String mountPath) {
        for (JsonNode mount : container.at("/volumeMounts")) {
            if (mount.at("/mountPath").asText().equals(mountPath)) {
                return mount.at("/name").asText();
            }
        }
        throw new AssertionError(container.at("/name").asText() + " mounts nothing at " + mountPath);
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode volume : pod.at("/volumes")) {
            if (volume.at("/name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }
}
