package dev.imagegen.manifests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service's Dockerfiles: its own module, its port, a non-root user, native compiled in a Mandrel stage. */
class DockerfilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"gateway-service", "generation-service", "worker-service", "gallery-service", "chat-service"})
    void imagesRunTheServiceOnItsPortAsNonRoot(String name) {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("deploy/k8s"))) {
            root = root.getParent();
        }
        ServiceSource service = new ServiceSource(root, name);
        Path docker = root.resolve(name).resolve("src/main/docker");
        for (String file : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            String text = ServiceSource.read(docker.resolve(file));
            List<String> users = text.lines().filter(line -> line.startsWith("USER ")).toList();
            assertThat(users).as(name + " " + file + " sets a user").isNotEmpty();
            assertThat(users.get(users.size() - 1)).as(name + " " + file + " runs as").isEqualTo("USER 185");
            assertThat(text).as(name + " " + file).contains("EXPOSE " + service.httpPort());
            text.lines().filter(line -> line.startsWith("COPY ") && line.contains("target/"))
                    .forEach(line -> assertThat(line).as(name + " " + file + " copies its own build").contains(name + "/target/"));
        }
        String nativeFile = ServiceSource.read(docker.resolve("Dockerfile.native"));
        assertThat(nativeFile).contains("mandrel-builder-image").contains("-Pnative").contains("-pl " + name + " ");
        if (ServiceSource.read(root.resolve(name).resolve("pom.xml")).contains("<artifactId>quarkus-awt</artifactId>")) {
            // Java2D in a native image needs these shared libraries in the run-time image.
            assertThat(nativeFile).as(name + " native run-time libraries").contains("freetype").contains("fontconfig");
        }
        assertThat(ServiceSource.read(root.resolve(".dockerignore"))).contains("!*-service/target/quarkus-app/");
    }
}
