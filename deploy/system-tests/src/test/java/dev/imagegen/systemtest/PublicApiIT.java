package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The public API as the gateway serves it, relayed from the owning services. */
@ExtendWith(Suite.class)
class PublicApiIT {

    @Test
    void downloadsCarryTheirNameAndCacheHeadersAndRevalidate() throws IOException {
        SuiteUser user = SuiteUser.register();
        String imageId = user.generateAndWait("a lighthouse at dusk").getString("image_data.id");

        var content = user.request().when().get("/images/{id}/content", imageId)
                .then().statusCode(200)
                .contentType("image/png")
                .header("Content-Disposition", containsString("lighthouse"))
                .header("Cache-Control", containsString("private"))
                .extract();
        String etag = content.header("ETag");
        assertThat(etag).isNotBlank();
        user.request().header("If-None-Match", etag).when().get("/images/{id}/content", imageId)
                .then().statusCode(304);

        byte[] thumbnail = user.request().when().get("/images/{id}/thumbnail", imageId)
                .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail));
        assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(256);

        user.request().when().get("/images/{id}", imageId)
                .then().statusCode(200)
                .body("original_prompt", equalTo("a lighthouse at dusk"))
                .body("width", equalTo(1024));
    }

    @Test
    void theGalleryListsOnlyTheCallersImagesPageByPage() {
        SuiteUser user = SuiteUser.register();
        String first = user.generateAndWait("first picture").getString("image_data.id");
        String second = user.generateAndWait("second picture").getString("image_data.id");
        SuiteUser.register().generateAndWait("somebody else's picture");

        user.request().queryParam("page", 1).queryParam("size", 1).when().get("/images/gallery")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", equalTo(List.of(second)));
        user.request().queryParam("page", 2).queryParam("size", 1).when().get("/images/gallery")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(first)));
        user.request().queryParam("size", 101).when().get("/images/gallery")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void chatThreadsAreOpenedAndListedThroughTheGateway() {
        SuiteUser user = SuiteUser.register();
        user.request().contentType(ContentType.JSON).body(Map.of("title", "Puppies"))
                .when().post("/chat/threads")
                .then().statusCode(201)
                .header("Location", startsWith("/chat/threads/"))
                .body("title", equalTo("Puppies"));
        user.request().contentType(ContentType.JSON).body("{\"title\": ")
                .when().post("/chat/threads")
                .then().statusCode(400).contentType("application/problem+json");

        user.request().when().get("/chat/threads").then().statusCode(200)
                .body("items.title", equalTo(List.of("Puppies")));
        SuiteUser.register().request().when().get("/chat/threads").then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void everyServiceAnswersItsOperationsEndpoints() {
        for (int port = Suite.BASE_PORT; port <= Suite.BASE_PORT + 4; port++) {
            String base = Suite.operations(port); // the gateway's are on its management port
            given().baseUri(base).when().get("/q/health/live").then().statusCode(200);
            JsonPath ready = given().baseUri(base).when().get("/q/health/ready").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(ready.getList("checks.name", String.class)).contains("Redis connection health check",
                    "Reactive PostgreSQL connections health check");
            given().baseUri(base).when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("jvm_memory_used_bytes"));
            given().baseUri(base).when().get("/q/openapi").then().statusCode(200);
        }
    }
}
