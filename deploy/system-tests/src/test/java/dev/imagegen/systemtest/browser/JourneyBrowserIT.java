package dev.imagegen.systemtest.browser;

import dev.imagegen.systemtest.Suite;
import dev.imagegen.systemtest.SuiteUser;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A person uses the web app in a real browser, from sign-up to the usage page; another person sees none of it. */
@ExtendWith(Suite.class)
class JourneyBrowserIT {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String PROMPT = "a cute golden retriever puppy playing in a garden";

    private static String newEmail() {
        return "browser-" + UUID.randomUUID() + "@example.test";
    }

    @Test
    void aUserGeneratesAnImageWatchesItArriveAndFindsItInTheirAccount() {
        try (Browser alice = Browser.open("journey", Browser.DESKTOP)) {
            alice.go("/");
            alice.awaitPath("/app/login").find("#email");
            alice.screenshot("01-login");

            alice.register(newEmail(), PASSWORD);
            alice.awaitText("#estimate", "Left today");
            alice.screenshot("02-generate");

            // Generate: the progress bar is driven by the live connection up to 100%.
            alice.type("#prompt", PROMPT);
            alice.choose("#size", "1024x1024");
            alice.choose("#quality", "medium");
            alice.click("#generate");
            alice.find("#progress");
            alice.until(ExpectedConditions.attributeToBe(By.id("progress"), "aria-valuenow", "100"),
                    "the progress bar never reached 100");
            alice.awaitText("#revised-prompt", PROMPT);
            alice.awaitImagesLoaded("#result-image");
            assertThat(alice.find("#download").getAttribute("href")).startsWith("blob:");
            assertThat(alice.find("#download").getAttribute("download")).endsWith(".png");
            String imageId = alice.find("#open-in-gallery").getAttribute("href").replaceAll(".*/", "");
            alice.screenshot("03-generated");

            // Add it to a new collection straight from the result.
            alice.choose("#collection", "New collection…");
            alice.type("#collection-name", "Puppies");
            alice.click("#add-to-collection");
            alice.awaitText("#messages", "Added to “Puppies”");
            alice.screenshot("04-added-to-collection");

            // The gallery shows it, and the collection holds it.
            alice.click("nav a[href='/app/gallery']");
            alice.awaitPath("/app/gallery");
            alice.awaitImagesLoaded(".image-grid .tile[data-image-id='" + imageId + "'] img");
            assertThat(alice.findAll(".image-grid .tile")).hasSize(1);
            alice.screenshot("05-gallery");
            alice.click("nav a[href='/app/collections']");
            alice.awaitText(".collection-list", "Puppies");
            assertThat(alice.text(".collection-card")).contains("1 image");
            alice.awaitImagesLoaded(".collection-card img");
            alice.screenshot("06-collections");

            // In a chat thread, /image brings a second picture into the conversation live.
            alice.click("nav a[href='/app/chat']");
            alice.click(".new-thread");
            alice.type(".composer textarea", "/image a puppy asleep on a sofa");
            alice.click(".composer button[type=submit]");
            alice.awaitImagesLoaded(".chat-image img");
            alice.awaitText(".chat-image figcaption", "a puppy asleep on a sofa");
            alice.screenshot("07-chat");

            // The usage page counts both of today's images, as text and in the chart.
            alice.click("nav a[href='/app/usage']");
            alice.awaitPath("/app/usage");
            alice.awaitText("#images-today-text", "2 of ");
            assertThat(alice.text("#month-spend-text")).startsWith("$0.00 of $");
            assertThat(alice.text("#chart-summary")).startsWith("2 images this month");
            assertThat(alice.findAll("svg.usage-chart rect.bar")).isNotEmpty();
            alice.screenshot("08-usage");

            // Someone else, in a browser of their own, has nothing of Alice's.
            try (Browser bob = Browser.open("journey-second-user", Browser.DESKTOP)) {
                bob.register(newEmail(), PASSWORD);
                bob.click("nav a[href='/app/gallery']");
                bob.awaitText(".result-count", "No images yet");
                assertThat(bob.findAll(".image-grid .tile")).isEmpty();
                bob.screenshot("01-gallery");
                bob.go("/app/gallery/" + imageId);
                bob.awaitText("dialog.lightbox", "This image does not exist or was deleted.");
                bob.go("/app/collections");
                bob.awaitText(".collection-list", "No collections yet");
                bob.go("/app/usage");
                bob.awaitText("#images-today-text", "0 of ");
                assertThat(bob.text("#chart-summary")).isEqualTo("No images this month yet.");
                bob.screenshot("02-usage");
            }
        }
    }

    @Test
    void aWrongPasswordShowsTheApisExplanationAndTheRightOneOpensTheAskedPage() {
        SuiteUser carol = SuiteUser.register();
        String apiDetail = given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", carol.email(), "password", "not her password"))
                .when().post("/auth/login")
                .then().statusCode(401).extract().path("detail");
        assertThat(apiDetail).isNotBlank();

        try (Browser browser = Browser.open("login-wrong-password", Browser.DESKTOP)) {
            // A page of the app asks for a login first, then opens.
            browser.go("/app/usage");
            browser.awaitPath("/app/login");
            browser.type("#email", carol.email());
            browser.type("#password", "not her password");
            browser.click("form button[type=submit]");
            browser.awaitText("#messages [role=alert]", apiDetail);
            assertThat(browser.script("return location.pathname")).isEqualTo("/app/login");
            browser.screenshot("01-refused");

            browser.type("#password", PASSWORD); // SuiteUser registers with the same one
            browser.click("form button[type=submit]");
            browser.awaitPath("/app/usage");
            browser.awaitText("#images-today-text", "0 of ");
        }
    }

    @Test
    void aRefusedTokenLeadsBackThroughTheLoginPage() {
        String email = newEmail();
        try (Browser browser = Browser.open("session-ended", Browser.DESKTOP)) {
            browser.register(email, PASSWORD);
            // The generate page has made its own calls (models, then the price), so the refused token meets the
            // click below and not one of those.
            browser.awaitText("#estimate", "Left this month");
            // The token stops being accepted (as when it expires or the keys rotate).
            browser.script("const session = JSON.parse(localStorage.getItem('imagegen.session'));"
                    + " session.token = 'not.a.token';"
                    + " localStorage.setItem('imagegen.session', JSON.stringify(session));");
            browser.click("nav a[href='/app/usage']");
            browser.awaitPath("/app/login");
            browser.awaitText("#messages", "Your session has ended. Please log in again.");
            assertThat(browser.findAll("nav a[href='/app/usage']")).isEmpty();
            browser.screenshot("01-login-again");

            browser.type("#email", email);
            browser.type("#password", PASSWORD);
            browser.click("form button[type=submit]");
            browser.awaitPath("/app/usage");
            browser.awaitText("#images-today-text", "0 of ");
        }
    }

    @Test
    void anInvalidRequestShowsTheApisExplanationOnTheGeneratePage() {
        try (Browser browser = Browser.open("generate-invalid", Browser.DESKTOP)) {
            browser.register(newEmail(), PASSWORD);
            browser.awaitText("#estimate", "Left today");
            browser.click("#generate");
            browser.awaitText("#messages [role=alert]", "prompt must not be empty");
            assertThat(browser.findAll("#job")).noneMatch(WebElement::isDisplayed);
            browser.screenshot("01-empty-prompt");
        }
    }

    @Test
    void anImageCanBeGeneratedWithTheKeyboardAlone() {
        try (Browser browser = Browser.open("keyboard", Browser.DESKTOP)) {
            browser.register(newEmail(), PASSWORD);
            browser.awaitText("#estimate", "Left today");
            browser.go("/app/generate");
            browser.awaitText("#estimate", "Left today");

            // The first Tab reaches the skip link, which leads into the page.
            Actions keys = new Actions(browser.driver());
            keys.sendKeys(Keys.TAB).perform();
            assertThat(browser.script("return document.activeElement.className")).isEqualTo("skip-link");
            keys.sendKeys(Keys.ENTER).perform();
            browser.until(d -> "main".equals(browser.script("return document.activeElement.id")),
                    "the skip link did not lead into the page");

            // Tab into the prompt, write, then Tab on to the Generate button and press Enter.
            tabUntil(browser, keys, "prompt");
            keys.sendKeys("a lighthouse at dusk").perform();
            tabUntil(browser, keys, "generate");
            keys.sendKeys(Keys.ENTER).perform();
            browser.until(ExpectedConditions.attributeToBe(By.id("progress"), "aria-valuenow", "100"),
                    "the progress bar never reached 100");
            browser.awaitImagesLoaded("#result-image");
            assertThat(browser.find("#result-image").isDisplayed()).isTrue();
            browser.screenshot("01-generated");
        }
    }

    private static void tabUntil(Browser browser, Actions keys, String id) {
        for (int presses = 0; presses < 15 && !id.equals(browser.script("return document.activeElement.id"));
                presses++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertThat(browser.script("return document.activeElement.id")).as("Tab never reached #" + id).isEqualTo(id);
    }

    @Test
    void theGenerateAndUsagePagesFitAPhoneScreen() {
        try (Browser phone = Browser.open("phone", Browser.PHONE)) {
            phone.register(newEmail(), PASSWORD);
            phone.awaitText("#estimate", "Left today");
            assertThat((Long) phone.script("return window.innerWidth")).isLessThanOrEqualTo(400L);
            assertThat((Boolean) phone.script(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                    .as("the generate page scrolls sideways at 375 px").isTrue();
            phone.screenshot("01-generate");

            phone.click("nav a[href='/app/usage']");
            phone.awaitText("#images-today-text", "0 of ");
            assertThat((Boolean) phone.script(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                    .as("the usage page scrolls sideways at 375 px").isTrue();
            phone.screenshot("02-usage");
        }
    }
}
