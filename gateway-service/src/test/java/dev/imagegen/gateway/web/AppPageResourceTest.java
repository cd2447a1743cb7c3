package dev.imagegen.gateway.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class AppPageResourceTest {

    private static final Path WEB_APP = Path.of("src/main/resources/META-INF/resources");

    @ParameterizedTest
    @ValueSource(strings = {"/", "/app", "/app/", "/app/generate", "/app/gallery/7c0e1a0b-4a8e-4d6f-b0a5-1d2c3e4f5a6b",
            "/app/chat/3f6c2d1e-9b8a-4c7d-8e5f-1a2b3c4d5e6f"})
    void everyAppAddressOpensTheAppWithoutLogin(String path) {
        given().when().get(path)
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"/assets/app.js\"></script>"));
    }

    @Test
    void theModulesAreServedAsJavaScriptSoBrowsersRunThem() {
        given().when().get("/assets/app.js")
                .then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("import"));
        given().when().get("/assets/pages/generate.js").then().statusCode(200).contentType(containsString("javascript"));
        given().when().get("/assets/models.js").then().statusCode(200).contentType(containsString("javascript"));
        given().when().get("/assets/styles.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void browsersRevalidateTheAppsFilesSoANewReleaseIsPickedUp() {
        String lastModified = given().when().get("/assets/app.js")
                .then().statusCode(200)
                .header("Cache-Control", containsString("max-age=0"))
                .extract().header("Last-Modified");
        given().header("If-Modified-Since", lastModified).when().get("/assets/app.js").then().statusCode(304);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/app/generate", "/assets/app.js", "/assets/styles.css"})
    void theAppsPagesAndFilesLoadOnlyFromTheGatewayAndCannotBeFramed(String path) {
        given().when().get(path)
                .then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void apiAnswersAreNeverSniffedAsAnotherType() {
        given().when().get("/auth/me")
                .then().statusCode(401)
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void apiPathsStillAnswerAsTheApi() {
        given().when().get("/auth/me")
                .then().statusCode(401)
                .contentType(equalTo("application/problem+json"));
    }

    /** The app must work with no internet: no file may load anything from another origin. */
    @Test
    void noFileOfTheAppPointsOutsideTheGateway() throws IOException {
        Pattern external = Pattern.compile("(https?:)?//[a-zA-Z0-9.-]+\\.[a-z]{2,}|@import\\s+url\\(");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(WEB_APP)) {
            offenders = files.filter(Files::isRegularFile)
                    .filter(file -> external.matcher(read(file).replace("http://www.w3.org/2000/svg", "")).find())
                    .map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
