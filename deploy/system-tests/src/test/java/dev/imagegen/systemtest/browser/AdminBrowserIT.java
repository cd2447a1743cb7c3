package dev.imagegen.systemtest.browser;

import dev.imagegen.systemtest.Suite;
import dev.imagegen.systemtest.SuiteUser;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** An administrator reads everyone's usage in the browser, downloads it and changes a user's limit. */
@ExtendWith(Suite.class)
class AdminBrowserIT {

    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void anAdminSeesTheUsageReportAndSetsAUsersDailyLimit() throws IOException {
        SuiteUser dora = SuiteUser.register();
        dora.generateAndWait("a lighthouse at dusk");
        String month = YearMonth.now(ZoneOffset.UTC).toString();

        try (Browser admin = Browser.open("admin", Browser.DESKTOP)) {
            // The run's one admin account may exist already (other tests use it through the API).
            admin.login(SuiteUser.admin().email(), PASSWORD);
            admin.click("nav a[href='/app/admin']");
            admin.awaitText("#admin-usage", dora.id().toString());
            WebElement row = admin.findAll("#admin-usage tbody tr").stream()
                    .filter(r -> r.getText().contains(dora.id().toString())).findFirst().orElseThrow();
            assertThat(row.findElements(By.cssSelector("td")).get(0).getText()).isEqualTo("1");
            admin.screenshot("01-report");

            admin.click("#download-report");
            String csv = Files.readString(admin.awaitDownload("usage-" + month + ".csv"));
            assertThat(csv).startsWith("user_id,images,spend,failures,content_refusals,quota_refusals\n")
                    .contains(dora.id() + ",1,");

            admin.click("button[aria-label='Set limits for " + dora.id() + "']");
            assertThat(admin.find("#limit-user").getAttribute("value")).isEqualTo(dora.id().toString());
            admin.type("#limit-daily", "1");
            admin.click("#limits-form button[type=submit]");
            admin.awaitText("#messages", "Limits saved.");
            admin.screenshot("02-limits-saved");
        }
        dora.request().get("/usage/me").then().statusCode(200)
                .body("daily_limit", equalTo(1));

        // Dora has used her one image of today: the generate page says so, in the API's words.
        String refusal = dora.request().contentType(ContentType.JSON).body(Map.of("prompt", "one more"))
                .when().post("/images/generate")
                .then().statusCode(429).extract().path("detail");
        try (Browser browser = Browser.open("admin-limited-user", Browser.DESKTOP)) {
            browser.login(dora.email(), PASSWORD);
            browser.awaitText("#estimate-today", "0 images");
            browser.type("#prompt", "one more");
            browser.click("#generate");
            browser.awaitText("#messages [role=alert]", refusal);
            assertThat(browser.findAll("#job")).noneMatch(WebElement::isDisplayed);
            browser.screenshot("01-refused");
        }
    }

    @Test
    void someoneWhoIsNotAnAdminHasNoAdminPage() {
        try (Browser browser = Browser.open("admin-refused", Browser.DESKTOP)) {
            browser.register("user-" + UUID.randomUUID() + "@example.test", PASSWORD);
            assertThat(browser.findAll("nav a[href='/app/admin']")).isEmpty();
            browser.go("/app/admin");
            browser.awaitText("main", "This page is for administrators only.");
            browser.screenshot("01-refused");
        }
    }
}
