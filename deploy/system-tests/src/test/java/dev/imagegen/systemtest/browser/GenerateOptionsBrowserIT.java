package dev.imagegen.systemtest.browser;

import dev.imagegen.systemtest.Suite;
import dev.imagegen.systemtest.SuiteUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generate page offers what today's default model takes, from {@code GET /models}, prices the choice live
 * from {@code GET /images/estimate}, and shows every image of a job that makes several; the chat does too.
 */
@ExtendWith(Suite.class)
class GenerateOptionsBrowserIT {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String DEFAULT_MODEL = "gpt-image-2.6-flare";
    private static final String RESULT_IMAGES = "#result img.result-image";

    @Test
    void theDefaultModelsOptionsArePricedLiveAndTwoTransparentWebpImagesArrive() {
        SuiteUser user = SuiteUser.register();
        try (Browser browser = Browser.open("generate-options", Browser.DESKTOP)) {
            browser.login(user.email(), PASSWORD);
            browser.awaitText("#estimate", "Left today");

            // Today's default model comes first and is chosen, with every option it takes.
            Select model = new Select(browser.find("#model"));
            assertThat(model.getOptions().get(0).getAttribute("value")).isEqualTo(DEFAULT_MODEL);
            assertThat(model.getFirstSelectedOption().getAttribute("value")).isEqualTo(DEFAULT_MODEL);
            assertThat(values("#quality", browser)).contains("low", "medium", "high", "xhigh", "max");
            assertThat(values("#output-format", browser)).containsExactlyInAnyOrder("png", "jpeg", "webp");
            assertThat(values("#size", browser)).contains("1024x1024", "1536x1024", "1024x1536", "custom");
            assertThat(browser.find("#n").getAttribute("max")).isEqualTo("10");
            assertThat(values("#moderation", browser)).contains("auto", "low");

            // Transparency needs an alpha channel: not offered with jpeg, which takes a compression instead.
            browser.choose("#output-format", "png");
            assertThat(values("#background", browser)).contains("transparent");
            assertThat(browser.findAll("#compression")).noneMatch(WebElement::isDisplayed);
            browser.choose("#output-format", "jpeg");
            assertThat(values("#background", browser)).doesNotContain("transparent");
            assertThat(browser.find("#compression").isDisplayed()).isTrue();
            browser.choose("#output-format", "webp");
            browser.choose("#background", "transparent");
            browser.choose("#size", "1024x1024");
            browser.choose("#quality", "medium");
            browser.screenshot("01-options");

            // The estimate is the API's, and follows the number of images.
            awaitCost(browser, user, 1);
            String single = browser.text("#estimate-cost");
            assertThat(browser.text("#estimate")).contains("output tokens");
            browser.type("#n", "2");
            awaitCost(browser, user, 2);
            assertThat(browser.text("#estimate-cost")).isNotEqualTo(single);
            assertThat(browser.text("#estimate-per-image")).isEqualTo(single + " per image");
            browser.screenshot("02-estimate-for-two");

            // Two transparent webp images from the offline provider, both shown, on a checkerboard.
            browser.type("#prompt", "two stickers of a fox");
            browser.click("#generate");
            browser.awaitText("#result-heading", "Your 2 images");
            browser.awaitImagesLoaded(RESULT_IMAGES);
            List<WebElement> images = browser.findAll(RESULT_IMAGES);
            assertThat(images).hasSize(2);
            assertThat(images).allSatisfy(image -> assertThat(image.getAttribute("class")).contains("checkerboard"));
            assertThat(browser.findAll("#result a.download-image"))
                    .extracting(link -> link.getAttribute("download")).hasSize(2)
                    .allSatisfy(name -> assertThat(name).endsWith(".webp"));
            browser.screenshot("03-two-images");
            // the gateway's Content-Security-Policy lets the app do all of it (blob: images, its own modules)
            assertThat(browser.console()).doesNotContain("Content Security Policy");

            browser.click("nav a[href='/app/gallery']");
            browser.awaitImagesLoaded(".image-grid .tile img");
            assertThat(browser.findAll(".image-grid .tile")).hasSize(2);
        }
    }

    @Test
    void aChatImageCommandOfSeveralImagesShowsThemAll() {
        SuiteUser user = SuiteUser.register();
        try (Browser browser = Browser.open("chat-several-images", Browser.DESKTOP)) {
            browser.login(user.email(), PASSWORD);
            browser.click("nav a[href='/app/chat']");
            browser.click(".new-thread");
            browser.type(".composer textarea", "/image three paper boats --n 3 --format webp --transparent");
            browser.find(".composer textarea").sendKeys(Keys.ENTER);
            browser.awaitText(".chat-message.assistant", "Here are your 3 images");
            browser.awaitImagesLoaded(".chat-image img");
            assertThat(browser.findAll(".chat-image img")).hasSize(3);
            assertThat(browser.findAll(".chat-image a")).extracting(link -> link.getAttribute("href")).doesNotHaveDuplicates();
            browser.screenshot("01-three-images");
        }
    }

    private static List<String> values(String css, Browser browser) {
        return new Select(browser.find(css)).getOptions().stream().map(option -> option.getAttribute("value")).toList();
    }

    /** Waits until the page shows the total the API estimates for {@code n} images of what the form has chosen. */
    private static void awaitCost(Browser browser, SuiteUser user, int n) {
        BigDecimal cost = new BigDecimal(user.request().queryParam("model", DEFAULT_MODEL)
                .queryParam("size", "1024x1024").queryParam("quality", "medium").queryParam("n", n)
                .queryParam("background", "transparent").queryParam("output_format", "webp")
                .get("/images/estimate").then().statusCode(200).extract().path("cost").toString());
        String expected = dollars(cost);
        browser.until(d -> expected.equals(browser.script(
                "return document.querySelector('#estimate-cost')?.textContent")),
                "the estimate never showed " + expected + " for " + n + " images");
    }

    /** As the page writes money: US dollars, two to three decimals. */
    private static String dollars(BigDecimal amount) {
        BigDecimal shown = amount.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return "$" + (shown.scale() < 2 ? shown.setScale(2) : shown).toPlainString();
    }
}
