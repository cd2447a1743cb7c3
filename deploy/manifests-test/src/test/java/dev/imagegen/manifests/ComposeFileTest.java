package dev.imagegen.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks deploy/compose against the services; `docker-compose config` validates it where installed. */
class ComposeFileTest {

    private static final List<String> SERVICES =
            List.of("gateway-service", "generation-service", "worker-service", "gallery-service", "chat-service");

    private static Path root;
    private static JsonNode compose;

    @BeforeAll
    static void read() throws IOException {
        root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("deploy/compose"))) {
            root = root.getParent();
        }
        // SnakeYAML expands the anchors and merge keys (<<) that Jackson's YAML reader leaves unresolved.
        Object parsed = new Yaml().load(Files.readString(root.resolve("deploy/compose/docker-compose.yml")));
        compose = new ObjectMapper().valueToTree(parsed);
    }

    @Test
    void everyServiceIsHealthCheckedOnItsPortAndReadsEveryVariableItIsGiven() {
        for (String name : SERVICES) {
            ServiceSource service = new ServiceSource(root, name);
            JsonNode definition = compose.at("/services/" + name);
            assertThat(definition.isMissingNode()).as(name).isFalse();
            assertThat(definition.at("/healthcheck/test").toString()).as(name + " health check")
                    .contains("http://localhost:" + service.operationsPort() + service.healthPath("ready"));
            assertThat(definition.at("/build/dockerfile").asText()).startsWith(name + "/src/main/docker/");
            definition.at("/environment").fieldNames().forEachRemaining(env ->
                    assertThat(service.readsEnv(env)).as(name + " reads " + env).isTrue());
            assertThat(definition.at("/read_only").asBoolean()).as(name + " read-only").isTrue();
            for (String condition : List.of("redis", "postgres")) {
                assertThat(definition.at("/depends_on/" + condition + "/condition").asText()).isEqualTo("service_healthy");
            }
        }
        assertThat(compose.at("/services/gateway-service/ports").toString()).contains(":8080");
        SERVICES.stream().filter(name -> !name.equals("gateway-service")).forEach(name ->
                assertThat(compose.at("/services/" + name + "/ports").isMissingNode()).as(name + " is not published").isTrue());
    }

    @Test
    void onlyTheGatewayGetsTheSigningKey() {
        for (String name : SERVICES) {
            JsonNode definition = compose.at("/services/" + name);
            String volumes = definition.at("/volumes").toString();
            if (name.equals("gateway-service")) {
                assertThat(volumes).contains("\"jwt:/etc/imagegen/jwt:ro\"");
                assertThat(definition.at("/environment/JWT_PRIVATE_KEY_LOCATION").asText()).isNotEmpty();
            } else {
                assertThat(volumes).as(name).contains("\"jwt-public:/etc/imagegen/jwt:ro\"").doesNotContain("\"jwt:");
                assertThat(definition.at("/environment/JWT_PRIVATE_KEY_LOCATION").isMissingNode()).as(name).isTrue();
            }
        }
        // The job that makes the pair copies the public key, and nothing else, where the others read it.
        String keys = compose.at("/services/jwt-keys/command").toString();
        assertThat(keys).contains("cp /keys/publicKey.pem /public/publicKey.pem").doesNotContain("/public/privateKey");
    }

    @Test
    void redisKeepsTheStreamsDurableAndNeverEvictsThem() {
        String command = compose.at("/services/redis/command").toString();
        assertThat(command).contains("\"--appendonly\",\"yes\"").contains("\"--maxmemory-policy\",\"noeviction\"");
        assertThat(compose.at("/services/redis/healthcheck").isMissingNode()).isFalse();
        assertThat(compose.at("/services/postgres/healthcheck").isMissingNode()).isFalse();
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Path file = root.resolve("deploy/compose/docker-compose.yml");
        Process process;
        try {
            process = new ProcessBuilder("docker-compose", "-f", file.toString(), "config", "--quiet")
                    .redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            // .ci/run installs it; a check that silently skips would check nothing.
            throw new AssertionError("docker-compose is missing: apt-get install -y docker-compose", notInstalled);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
