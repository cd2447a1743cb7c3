package dev.imagegen.generation.model;

import dev.imagegen.common.models.ModelProfiles;
import dev.imagegen.common.testing.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ModelResourceTest {

    @Inject
    ModelProfiles profiles;

    @Test
    void listsEveryConfiguredModelDefaultFirstWithItsOptions() {
        String dalle3 = "models.find { it.name == 'dall-e-3' }";
        String dalle2 = "models.find { it.name == 'dall-e-2' }";
        String sketch = "models.find { it.name == 'sketch-1' }";
        TestUser user = TestUser.create();

        given().auth().oauth2(user.token()).when().get("/models")
                .then().statusCode(200)
                .body("default_model", equalTo("dall-e-3"))
                .body("models.name", contains("dall-e-3", "dall-e-2", "gpt-image-1", "sketch-1"))
                .body(dalle3 + ".sizes", contains("1024x1024", "1792x1024", "1024x1792"))
                .body(dalle3 + ".qualities", contains("standard", "hd"))
                .body(dalle3 + ".styles", contains("vivid", "natural"))
                .body(dalle3 + ".prompt_limit", equalTo(4000))
                .body(dalle3 + ".estimated_seconds", equalTo(15))
                .body(dalle3 + ".prices.find { it.quality == 'hd' && it.size == '1792x1024' }.price", equalTo(0.12f))
                .body(dalle2 + ".qualities", empty())
                .body(dalle2 + ".styles", empty())
                .body(dalle2 + ".prices.quality", contains(nullValue(), nullValue(), nullValue()))
                .body(dalle2 + ".prices.find { it.size == '256x256' }.price", equalTo(0.016f))
                // Added by the test profile's configuration alone.
                .body(sketch + ".sizes", contains("512x512", "1024x1024"))
                .body(sketch + ".styles", contains("pencil", "ink"))
                .body(sketch + ".prompt_limit", equalTo(200))
                .body(sketch + ".estimated_seconds", equalTo(5))
                .body(sketch + ".prices.price", contains(0.01f, 0.02f));
        assertThat(profiles.profiles()).containsKey("sketch-1").hasSize(4);
    }

    @Test
    void everyListedPriceIsWhatTheEstimateCharges() {
        TestUser user = TestUser.create();
        JsonPath catalog = given().auth().oauth2(user.token()).when().get("/models")
                .then().statusCode(200).extract().jsonPath();

        List<Map<String, Object>> models = catalog.getList("models");
        for (Map<String, Object> model : models) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> prices = (List<Map<String, Object>>) model.get("prices");
            List<?> qualities = (List<?>) model.get("qualities");
            List<?> sizes = (List<?>) model.get("sizes");
            assertThat(prices).hasSize(Math.max(1, qualities.size()) * sizes.size());
            for (Map<String, Object> price : prices) {
                var estimate = given().auth().oauth2(user.token())
                        .queryParam("model", model.get("name")).queryParam("size", price.get("size"));
                if (price.get("quality") != null) {
                    estimate.queryParam("quality", price.get("quality"));
                }
                BigDecimal charged = new BigDecimal(estimate.when().get("/images/estimate")
                        .then().statusCode(200).extract().jsonPath().getString("cost"));
                assertThat(new BigDecimal(price.get("price").toString()))
                        .as("%s %s %s", model.get("name"), price.get("quality"), price.get("size"))
                        .isEqualByComparingTo(charged);
            }
        }
    }

    @Test
    void needsAToken() {
        given().when().get("/models")
                .then().statusCode(401).contentType("application/problem+json");
    }
}
