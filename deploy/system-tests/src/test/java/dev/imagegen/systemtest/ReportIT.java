package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Reporting a shared image and an admin removing it, through the gateway. */
@ExtendWith(Suite.class)
class ReportIT {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aVisitorReportsASharedImageAndAnAdminRemovesIt() {
        SuiteUser owner = SuiteUser.register();
        String image = owner.generateAndWait("a reported harbour at night").getString("image_data.id");
        String token = owner.request().when().post("/images/{id}/share", image)
                .then().statusCode(201).extract().path("token");

        String report = given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("reason", "violence", "note", "seen through a link"))
                .when().post("/s/{token}/report", token)
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("image_id", equalTo(image)).body("status", equalTo("open"))
                .extract().path("id");
        given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON).body(Map.of("reason", "gross"))
                .when().post("/s/{token}/report", token).then().statusCode(400).contentType(PROBLEM);
        owner.request().when().get("/admin/reports").then().statusCode(403).contentType(PROBLEM);

        SuiteUser admin = SuiteUser.admin();
        JsonPath open = admin.request().queryParam("status", "open").queryParam("size", 100)
                .when().get("/admin/reports").then().statusCode(200).extract().jsonPath();
        Map<String, Object> listed = open.getMap("items.find { it.id == '" + report + "' }");
        assertThat(listed).containsEntry("image_id", image)
                .containsEntry("owner_id", owner.id().toString())
                .containsEntry("prompt", "a reported harbour at night")
                .containsEntry("reason", "violence")
                .containsEntry("note", "seen through a link")
                .containsEntry("reporter_id", null);
        admin.request().when().get((String) listed.get("thumbnail_url"))
                .then().statusCode(200).contentType("image/jpeg");

        admin.request().contentType(ContentType.JSON).body(Map.of("action", "remove_image"))
                .when().post("/admin/reports/{id}/resolve", report)
                .then().statusCode(200).body("status", equalTo("resolved")).body("action", equalTo("remove_image"));

        given().baseUri(Suite.GATEWAY).when().get("/s/{token}", token).then().statusCode(404).contentType(PROBLEM);
        owner.request().when().get("/images/{id}", image).then().statusCode(404);
    }
}
