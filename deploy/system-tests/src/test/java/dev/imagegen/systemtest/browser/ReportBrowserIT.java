package dev.imagegen.systemtest.browser;

import dev.imagegen.systemtest.Suite;
import dev.imagegen.systemtest.SuiteUser;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user reports an image from the lightbox on a phone; an admin sees the report with its thumbnail and removes
 * the image, and dismisses another report, whose image stays; the resolved report still shows the prompt.
 */
@ExtendWith(Suite.class)
class ReportBrowserIT {

    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void aReportedImageReachesTheAdminWhoRemovesItFromTheUsersGallery() {
        SuiteUser erin = SuiteUser.register();
        // Unique words, so the admin finds this run's report among any others.
        String reported = "a stormy sea " + UUID.randomUUID();
        String kept = "a quiet harbour at dawn";
        String reportedId = erin.generateAndWait(reported).getString("image_data.id");
        String keptId = erin.generateAndWait(kept).getString("image_data.id");
        String note = "Looks like a real shipwreck photo, case " + UUID.randomUUID();

        try (Browser phone = Browser.open("report-user", Browser.PHONE)) {
            phone.login(erin.email(), PASSWORD);
            phone.go("/app/gallery/" + reportedId);
            phone.awaitText("#lightbox-title", reported);
            // By keyboard: Enter on "Report image" unfolds the form with the reason focused.
            WebElement toggle = phone.find("dialog .report-toggle");
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
            toggle.sendKeys(Keys.ENTER);
            phone.find("#report-form");
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
            assertThat(phone.script("return document.activeElement.id")).isEqualTo("report-reason");
            phone.choose("#report-reason", "Violence");
            phone.type("#report-note", note);
            assertThat(phone.text("#report-note-count")).isEqualTo(note.length() + " / 1000 characters");
            assertThat((Boolean) phone.script("return document.documentElement.scrollWidth <= window.innerWidth"
                    + " && document.querySelector('dialog.lightbox').scrollWidth"
                    + " <= document.querySelector('dialog.lightbox').clientWidth"))
                    .as("the report form scrolls sideways on a phone").isTrue();
            phone.screenshot("01-report-form");
            phone.click("#report-form button[type=submit]");
            phone.awaitText("#messages", "the report was sent to the moderators");
            phone.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#report-form")),
                    "the report form stayed open");
            phone.screenshot("02-reported");

            // A second report, on the image that stays: the admin dismisses it.
            String keptNote = "Probably fine, case " + UUID.randomUUID();
            erin.request().contentType(ContentType.JSON).body(Map.of("reason", "other", "note", keptNote))
                    .when().post("/images/{id}/report", keptId).then().statusCode(201);

            try (Browser admin = Browser.open("report-admin", Browser.DESKTOP)) {
                admin.login(SuiteUser.admin().email(), PASSWORD);
                admin.click("nav a[href='/app/admin']");
                admin.awaitText("#reports", note);
                WebElement item = reportItem(admin, note);
                String report = "li[data-report-id='" + item.getAttribute("data-report-id") + "']";
                admin.awaitImagesLoaded(report + " img");
                assertThat(item.getText()).contains(reported, "Violence", erin.id().toString());
                admin.script("arguments[0].scrollIntoView()", item);
                admin.screenshot("01-open-reports");

                // Removing asks first; then the report leaves the open list and the image is gone.
                admin.click(report + " .confirm button.danger");
                admin.awaitText(report + " .confirm", "Delete this image for its owner, for good?");
                admin.click(report + " .confirm button.danger");
                admin.awaitText("#messages", "Image removed");
                admin.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(report)),
                        "the removed image's report stayed in the open list");

                admin.awaitText("#reports", keptNote);
                WebElement dismissed = reportItem(admin, keptNote);
                assertThat(dismissed.getText()).contains(kept, "Something else");
                admin.click("li[data-report-id='" + dismissed.getAttribute("data-report-id") + "'] .dismiss-report");
                admin.awaitText("#messages", "Report dismissed; the image stays.");
                admin.until(d -> {
                    String open = admin.text("#reports");
                    return !open.contains("Loading") && !open.contains(keptNote);
                }, "the dismissed report stayed open");

                admin.click("input[name=report-status][value=resolved]");
                // The image is gone; the report keeps what it showed, as the record of what was removed and why.
                admin.awaitText("#reports", note);
                WebElement removed = reportItem(admin, note);
                assertThat(removed.getText()).contains("Image removed", reported, "Violence");
                assertThat(removed.findElements(By.tagName("img"))).isEmpty();
                admin.screenshot("02-resolved");
            }

            phone.go("/app/gallery");
            phone.awaitText(".result-count", "Showing 1 of 1 image");
            assertThat(phone.findAll(".image-grid .tile[data-image-id='" + reportedId + "']")).isEmpty();
            assertThat(phone.findAll(".image-grid .tile[data-image-id='" + keptId + "']")).hasSize(1);
            phone.screenshot("03-gallery-after-removal");
        }
        erin.request().get("/images/{id}", reportedId).then().statusCode(404);
    }

    private static WebElement reportItem(Browser admin, String text) {
        return admin.findAll("#reports .report-item").stream()
                .filter(item -> item.getText().contains(text)).findFirst().orElseThrow();
    }
}
