package dev.imagegen.systemtest.browser;

import dev.imagegen.systemtest.Suite;
import dev.imagegen.systemtest.SuiteUser;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A person works with their gallery and collections in a real browser; what they share opens for anyone. */
@ExtendWith(Suite.class)
class GalleryBrowserIT {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String FOX = "a red fox asleep in the snow";
    private static final String LIGHTHOUSE = "a lighthouse at dusk";
    private static final String TILES = ".image-grid .tile";

    @Test
    void aUserSearchesFavouritesTagsSharesAndDeletesImages() {
        try (Browser alice = Browser.open("gallery", Browser.DESKTOP)) {
            SuiteUser api = registerInBrowser(alice);
            String fox = api.generateAndWait(FOX).getString("image_data.id");
            String lighthouse = api.generateAndWait(LIGHTHOUSE).getString("image_data.id");

            alice.click("nav a[href='/app/gallery']");
            awaitTiles(alice, 2);
            alice.awaitText(".result-count", "Showing 2 of 2 images");
            // The model filter offers the models her images were made with: the suite renders offline.
            alice.awaitText(".filters select[name=model]", "offline");
            alice.screenshot("01-grid");

            // Full-text search narrows the grid, and the address keeps the search.
            alice.type(".filters input[name=q]", "fox");
            alice.click(".filters button[type=submit]");
            awaitTiles(alice, 1);
            assertThat(alice.text(TILES)).contains(FOX);
            assertThat((String) alice.script("return location.search")).contains("q=fox");
            alice.screenshot("02-search");

            // A favourite from the grid; "favourites only" then shows just that one.
            alice.click(".filters button.clear");
            awaitTiles(alice, 2);
            alice.click(tile(fox) + " .favorite-toggle");
            alice.until(ExpectedConditions.attributeToBe(By.cssSelector(tile(fox) + " .favorite-toggle"),
                    "aria-pressed", "true"), "the star never turned on");
            alice.click(".filters input[name=favorite]");
            awaitTiles(alice, 1);
            assertThat(alice.find(TILES).getAttribute("data-image-id")).isEqualTo(fox);
            assertThat(api.request().get("/images/gallery?favorite=true").then().statusCode(200).extract()
                    .jsonPath().getList("items.id")).containsExactly(fox);

            // The lightbox: the full image and its metadata; a tag; a share link.
            alice.click(tile(fox) + " a");
            alice.awaitPath("/app/gallery/" + fox);
            alice.awaitText("#lightbox-title", FOX);
            alice.awaitImagesLoaded("dialog.lightbox img.full");
            JsonPath image = api.request().get("/images/{id}", fox).then().statusCode(200).extract().jsonPath();
            alice.awaitText("dialog .metadata", image.getString("revised_prompt"));
            assertThat(alice.text("dialog .metadata")).contains("Model", image.getString("model"), "Cost", "$0.00");

            alice.type("dialog .tag-editor input[name=tag]", "Winter");
            alice.click("dialog .tag-editor button[type=submit]");
            alice.awaitText("dialog .tags", "winter");
            assertThat(api.request().get("/images/{id}", fox).then().extract().jsonPath().getList("tags"))
                    .containsExactly("winter");

            // Downloaded in another format, named after the prompt.
            alice.choose("dialog select[name=format]", "JPEG");
            alice.click("dialog .download button[type=submit]");
            byte[] jpeg = read(alice.awaitDownload("a-red-fox-asleep-in-the-snow.jpg"));
            assertThat(jpeg).startsWith(0xFF, 0xD8, 0xFF);

            // A share link opens for anyone, without login, until Alice revokes it.
            alice.click("dialog .share button");
            alice.awaitText("dialog .share-status", "Shared — since");
            String shareUrl = alice.find("dialog .share-url").getAttribute("value");
            assertThat(shareUrl).startsWith(Suite.GATEWAY + "/s/");
            // The lightbox learns the link from the server: opened afresh, it shows the same live link.
            alice.go((String) alice.script("return location.pathname + location.search"));
            alice.awaitText("#lightbox-title", FOX);
            alice.awaitText("dialog .share-status", "Shared — since");
            assertThat(alice.find("dialog .share-url").getAttribute("value")).isEqualTo(shareUrl);
            alice.screenshot("03-lightbox");
            try (Browser stranger = Browser.open("gallery-shared-link", Browser.DESKTOP)) {
                stranger.go(URI.create(shareUrl).getPath());
                stranger.awaitImagesLoaded("img");
                stranger.screenshot("01-shared");

                alice.click("dialog .share .confirm button.danger");
                alice.click("dialog .share .confirm button.danger");
                alice.awaitText("#messages", "The share link no longer works.");
                alice.awaitText("dialog .share", "Create share link");
                stranger.go(URI.create(shareUrl).getPath());
                // A page in words for the person who clicked the link, not the API's JSON.
                stranger.awaitText("h1", "Shared image not available");
                stranger.awaitText("body",
                        "This shared image is no longer available. The owner may have stopped sharing it.");
                stranger.screenshot("02-revoked");
            }

            // Escape closes the lightbox and gives focus back to the image's tile.
            alice.find("dialog .close").sendKeys(Keys.ESCAPE);
            alice.awaitPath("/app/gallery");
            alice.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.lightbox")),
                    "the lightbox stayed open");
            alice.until(d -> fox.equals(alice.script(
                    "return document.activeElement.closest('.tile')?.dataset.imageId")), "focus did not return");

            // The tag filters the gallery.
            alice.click(".filters button.clear");
            awaitTiles(alice, 2);
            alice.type(".filters input[name=tag]", "winter");
            alice.click(".filters button[type=submit]");
            awaitTiles(alice, 1);
            assertThat(alice.find(TILES).getAttribute("data-image-id")).isEqualTo(fox);

            // The arrow keys move between images; deleting one (after a confirmation) removes it.
            alice.click(".filters button.clear");
            awaitTiles(alice, 2);
            alice.click(tile(fox) + " a");
            alice.awaitText("#lightbox-title", FOX);
            alice.find("dialog .close").sendKeys(Keys.ARROW_LEFT);
            alice.awaitPath("/app/gallery/" + lighthouse);
            alice.awaitText("#lightbox-title", LIGHTHOUSE);
            alice.click("dialog .lightbox-details > .actions .confirm button.danger");
            alice.awaitText("dialog .confirm", "Delete this image for good?");
            alice.screenshot("04-confirm-delete");
            alice.click("dialog .lightbox-details > .actions .confirm button.danger");
            alice.awaitPath("/app/gallery");
            alice.awaitText("#messages", "The image was deleted.");
            awaitTiles(alice, 1);
            assertThat(alice.find(TILES).getAttribute("data-image-id")).isEqualTo(fox);
            api.request().get("/images/{id}", lighthouse).then().statusCode(404);
            alice.screenshot("05-after-delete");

            // An image made elsewhere (here through the API) joins the open grid live, first, without a reload.
            alice.script("window.sameDocument = true");
            String boat = api.generateAndWait("a blue boat on a calm lake").getString("image_data.id");
            awaitTiles(alice, 2);
            assertThat(alice.find(TILES).getAttribute("data-image-id")).isEqualTo(boat);
            assertThat(alice.script("return window.sameDocument")).isEqualTo(true);
            alice.awaitText(".result-count", "Showing 2 of 2 images");
        }
    }

    @Test
    void aCollectionIsCreatedFilledAndEmptiedAndNobodyElseSeesIt() {
        try (Browser alice = Browser.open("collections", Browser.DESKTOP)) {
            SuiteUser api = registerInBrowser(alice);
            String fox = api.generateAndWait(FOX).getString("image_data.id");

            // From the lightbox, into a new collection.
            alice.go("/app/gallery/" + fox);
            alice.awaitText("#lightbox-title", FOX);
            alice.type("dialog input[name=collection-name]", "Winter animals");
            alice.click("dialog .collection-picker form:last-of-type button[type=submit]");
            alice.awaitText("#messages", "Added to the new collection “Winter animals”");
            alice.awaitText("dialog .in-collections", "In collections: Winter animals");
            alice.find("dialog .close").click();
            alice.awaitPath("/app/gallery");

            // The collections page lists it with its count and cover.
            alice.click("nav a[href='/app/collections']");
            alice.awaitText(".collection-list", "Winter animals");
            assertThat(alice.text(".collection-card")).contains("1 image");
            alice.awaitImagesLoaded(".collection-card img");
            alice.screenshot("01-list");

            // One collection's images; taking the image out leaves it in the gallery.
            alice.click(".collection-card a.cover");
            alice.awaitText(".collection-page h1", "Winter animals");
            awaitTiles(alice, 1);
            alice.screenshot("02-collection");
            alice.click(".remove-from-collection");
            awaitTiles(alice, 0);
            alice.awaitText(".result-count", "No images in this collection yet");
            String collection = api.request().get("/collections").then().statusCode(200).extract()
                    .path("items[0].id");
            assertThat(api.request().get("/collections/{id}/images", collection).then().statusCode(200).extract()
                    .<Integer>path("total")).isZero();
            api.request().get("/images/{id}", fox).then().statusCode(200);

            // Rename, then delete it.
            alice.click(".collection-page .actions button");
            alice.type(".collection-page input[name=name]", "Foxes");
            alice.click(".collection-page .inline-form button[type=submit]");
            alice.awaitText(".collection-page h1", "Foxes");
            alice.click(".collection-page .confirm button.danger");
            alice.click(".collection-page .confirm button.danger");
            alice.awaitPath("/app/collections");
            alice.awaitText("#messages", "Collection “Foxes” deleted.");
            alice.awaitText(".collection-list", "No collections yet");
            assertThat(api.request().get("/collections").then().extract().jsonPath().getList("items")).isEmpty();

            // Someone else sees none of Alice's images, not even by their address.
            try (Browser bob = Browser.open("collections-second-user", Browser.DESKTOP)) {
                registerInBrowser(bob);
                bob.go("/app/gallery");
                bob.awaitText(".result-count", "No images yet");
                assertThat(bob.findAll(TILES)).isEmpty();
                bob.go("/app/gallery/" + fox);
                bob.awaitText("dialog.lightbox", "This image does not exist or was deleted.");
                bob.screenshot("01-not-found");
            }
        }
    }

    @Test
    void theGalleryAndItsLightboxFitAPhoneScreen() {
        try (Browser phone = Browser.open("gallery-phone", Browser.PHONE)) {
            SuiteUser api = registerInBrowser(phone);
            String fox = api.generateAndWait(FOX).getString("image_data.id");
            phone.go("/app/gallery");
            awaitTiles(phone, 1);
            assertThat((Long) phone.script("return window.innerWidth")).isLessThanOrEqualTo(400L);
            assertNoSidewaysScroll(phone, "the gallery");
            phone.screenshot("01-grid");

            phone.click(tile(fox) + " a");
            phone.awaitImagesLoaded("dialog.lightbox img.full");
            assertNoSidewaysScroll(phone, "the lightbox");
            assertThat((Boolean) phone.script("const dialog = document.querySelector('dialog.lightbox');"
                    + " return dialog.scrollWidth <= dialog.clientWidth")).as("the lightbox scrolls sideways").isTrue();
            phone.screenshot("02-lightbox");
        }
    }

    /** Signs up in the browser and answers the same person for API calls, to prepare data quickly. */
    static SuiteUser registerInBrowser(Browser browser) {
        String email = "gallery-" + UUID.randomUUID() + "@example.test";
        browser.register(email, PASSWORD);
        String token = given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD))
                .when().post("/auth/login")
                .then().statusCode(200).extract().path("access_token");
        String id = given().baseUri(Suite.GATEWAY).auth().oauth2(token).get("/auth/me")
                .then().statusCode(200).extract().path("id");
        return new SuiteUser(email, token, UUID.fromString(id));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertNoSidewaysScroll(Browser browser, String page) {
        assertThat((Boolean) browser.script(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as(page + " scrolls sideways at 375 px").isTrue();
    }

    private static String tile(String imageId) {
        return ".tile[data-image-id='" + imageId + "']";
    }

    private static void awaitTiles(Browser browser, int count) {
        browser.until(d -> browser.findAll(TILES).size() == count, "the grid never showed " + count + " images");
        if (count > 0) {
            browser.awaitImagesLoaded(TILES + " img");
        }
    }
}
