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
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ModelResourceTest {

    @Inject
    ModelProfiles profiles;

    @Test
    void listsTheDefaultFirstThenTheModelsThatWorkThenTheShutDownOnes() {
        given().auth().oauth2(TestUser.create().token()).when().get("/models")
                .then().statusCode(200)
                .body("default_model", equalTo("gpt-image-2.6-flare"))
                .body("$", not(hasKey("configured_default")))
                .body("models.name", contains("gpt-image-2.6-flare", "gpt-image-2", "gpt-image-2.5-flare",
                        "gpt-image-2.5-sunburst", "gpt-image-2.6-sunburst", "sketch-1", "dall-e-2", "dall-e-3",
                        "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5"));
        assertThat(profiles.profiles()).containsKey("sketch-1").hasSize(11);
    }

    @Test
    void showsEveryOptionPriceAndLimitOfATokenBilledModel() {
        String flare = "models.find { it.name == 'gpt-image-2.6-flare' }";
        given().auth().oauth2(TestUser.create().token()).when().get("/models")
                .then().statusCode(200)
                .body(flare + ".status", equalTo("active"))
                .body(flare + ".shutdown_date", nullValue())
                .body(flare + ".replaced_by", nullValue())
                .body(flare + ".sizes", contains("1024x1024", "1536x1024", "1024x1536", "auto"))
                .body(flare + ".custom_sizes.multiple", equalTo(16))
                .body(flare + ".custom_sizes.max_edge", equalTo(3840))
                .body(flare + ".custom_sizes.max_aspect_ratio", equalTo(3.0f))
                .body(flare + ".custom_sizes.min_pixels", equalTo(655360))
                .body(flare + ".custom_sizes.max_pixels", equalTo(8294400))
                .body(flare + ".qualities", contains("medium", "low", "high", "xhigh", "max", "auto"))
                .body(flare + ".styles", empty())
                .body(flare + ".backgrounds", contains("auto", "opaque", "transparent"))
                .body(flare + ".output_formats", contains("png", "jpeg", "webp"))
                .body(flare + ".output_compression", equalTo(true))
                .body(flare + ".moderations", contains("auto", "low"))
                .body(flare + ".max_images", equalTo(10))
                .body(flare + ".prompt_limit", equalTo(32000))
                .body(flare + ".estimated_seconds", equalTo(15))
                .body(flare + ".price_kind", equalTo("token"))
                .body(flare + ".token_prices.text_input", equalTo(5.0f))
                .body(flare + ".token_prices.text_input_cached", equalTo(1.25f))
                .body(flare + ".token_prices.image_input", equalTo(8.0f))
                .body(flare + ".token_prices.image_input_cached", equalTo(2.0f))
                .body(flare + ".token_prices.image_output", equalTo(30.0f))
                // 439 output tokens at $30 per 1M, and a 100-token prompt at $5 per 1M
                .body(flare + ".prices.find { it.quality == 'medium' && it.size == '1024x1024' }.output_tokens",
                        equalTo(439))
                .body(flare + ".prices.find { it.quality == 'medium' && it.size == '1024x1024' }.price",
                        equalTo(0.01367f))
                .body(flare + ".streaming", equalTo(true))
                .body(flare + ".edits", equalTo(true));
    }

    @Test
    void showsAShutDownModelWithItsDateAndReplacementAndAPerImageModelWithItsPrices() {
        String dalle3 = "models.find { it.name == 'dall-e-3' }";
        String sketch = "models.find { it.name == 'sketch-1' }";
        given().auth().oauth2(TestUser.create().token()).when().get("/models")
                .then().statusCode(200)
                .body(dalle3 + ".status", equalTo("shut_down"))
                .body(dalle3 + ".shutdown_date", equalTo("2026-05-12"))
                .body(dalle3 + ".replaced_by", equalTo("gpt-image-2.5-sunburst"))
                .body(dalle3 + ".sizes", contains("1024x1024", "1792x1024", "1024x1792"))
                .body(dalle3 + ".custom_sizes", nullValue())
                .body(dalle3 + ".qualities", contains("standard", "hd"))
                .body(dalle3 + ".styles", contains("vivid", "natural"))
                .body(dalle3 + ".max_images", equalTo(1))
                .body(dalle3 + ".prompt_limit", equalTo(4000))
                .body(dalle3 + ".price_kind", equalTo("image"))
                .body(dalle3 + ".token_prices", nullValue())
                .body(dalle3 + ".prices.find { it.quality == 'hd' && it.size == '1792x1024' }.price", equalTo(0.12f))
                .body(dalle3 + ".prices.find { it.quality == 'hd' && it.size == '1792x1024' }.output_tokens",
                        nullValue())
                // Added by the test profile's configuration alone.
                .body(sketch + ".status", equalTo("active"))
                .body(sketch + ".sizes", contains("512x512", "1024x1024"))
                .body(sketch + ".qualities", empty())
                .body(sketch + ".styles", contains("pencil", "ink"))
                .body(sketch + ".backgrounds", empty())
                .body(sketch + ".output_compression", equalTo(false))
                .body(sketch + ".prompt_limit", equalTo(200))
                .body(sketch + ".estimated_seconds", equalTo(5))
                .body(sketch + ".prices.quality", contains(nullValue(), nullValue()))
                .body(sketch + ".prices.price", contains(0.01f, 0.02f));
    }

    @Test
    void everyListedPriceIsWhatTheEstimateChargesForOneImage() {
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
                JsonPath charged = estimate.when().get("/images/estimate")
                        .then().statusCode(200).extract().jsonPath();
                // A shut-down model runs on its replacement: the estimate is the replacement's listed price for
                // the options it translates to.
                Map<String, Object> listed = "shut_down".equals(model.get("status"))
                        ? listed(catalog, charged.getString("model"), charged.getString("size"),
                                charged.getString("quality"))
                        : price;
                assertThat(new BigDecimal(charged.getString("cost")))
                        .as("%s %s %s", model.get("name"), price.get("quality"), price.get("size"))
                        .isEqualByComparingTo(new BigDecimal(listed.get("price").toString()));
            }
        }
    }

    @Test
    void needsAToken() {
        given().when().get("/models")
                .then().statusCode(401).contentType("application/problem+json");
    }

    private static Map<String, Object> listed(JsonPath catalog, String model, String size, String quality) {
        return catalog.getMap("models.find { it.name == '" + model + "' }.prices.find { it.size == '" + size
                + "' && it.quality == '" + quality + "' }");
    }
}
