package dev.imagegen.systemtest.browser;

import dev.imagegen.systemtest.Suite;
import dev.imagegen.systemtest.SuiteDatabase;
import dev.imagegen.systemtest.SuiteUser;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** An administrator reads everyone's usage in the browser a page at a time, downloads it and changes a user's limit. */
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
            admin.awaitText("#usage-totals", month + ": ");
            // The month may hold more users than one page: the admin looks Dora up by her email, shown beside her id.
            admin.type("#usage-search", "nobody-" + UUID.randomUUID() + "@example.test");
            admin.click("#usage-form button[type=submit]");
            admin.awaitText("#usage-matches", "No account’s email contains");
            admin.type("#usage-search", dora.email().toUpperCase(Locale.ROOT));
            admin.click("#usage-form button[type=submit]");
            admin.awaitText("#admin-usage", dora.id().toString());
            assertThat(admin.findAll("#admin-usage tbody tr")).hasSize(1);
            assertThat(admin.text("#admin-usage tbody th .user-email")).isEqualTo(dora.email());
            // The start of her id finds her too.
            admin.type("#usage-search", dora.id().toString().substring(0, 13).toUpperCase(Locale.ROOT));
            admin.click("#usage-form button[type=submit]");
            admin.awaitText("#admin-usage", dora.id().toString());
            assertThat(admin.findAll("#admin-usage tbody tr")).hasSize(1);
            // The generate page, left while it was still loading its models, leaves nothing behind.
            assertThat(admin.findAll("#prompt")).isEmpty();
            WebElement row = admin.findAll("#admin-usage tbody tr").stream()
                    .filter(r -> r.getText().contains(dora.id().toString())).findFirst().orElseThrow();
            assertThat(row.findElements(By.cssSelector("td")).get(0).getText()).isEqualTo("1");
            admin.screenshot("01-report");

            admin.click("#download-report");
            String csv = Files.readString(admin.awaitDownload("usage-" + month + ".csv"));
            assertThat(csv).startsWith("user_id,images,spend,failures,content_refusals,quota_refusals,input_tokens,output_tokens\n")
                    .contains(dora.id() + ",1,");

            admin.click("button[aria-label='Set limits for " + dora.email() + "']");
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
    void anAdminPagesThroughABusyMonthOnAPhoneWithTheKeyboard() throws SQLException {
        YearMonth month = SuiteDatabase.quietMonth();
        List<UUID> biggestFirst = new ArrayList<>();
        for (int cents = 51; cents >= 1; cents--) {
            UUID user = UUID.randomUUID();
            SuiteDatabase.settledCharge(user, BigDecimal.valueOf(cents, 2), month);
            biggestFirst.add(user);
        }

        try (Browser admin = Browser.open("admin-paging", Browser.PHONE)) {
            admin.login(SuiteUser.admin().email(), PASSWORD);
            admin.go("/app/admin?month=" + month);
            admin.awaitText("#usage-pager", "Page 1 of 2");
            assertThat(admin.text("#usage-totals")).isEqualTo(month + ": 51 users, 51 images, $13.26 spent.");
            assertThat(admin.findAll("#admin-usage tbody tr")).hasSize(50);
            assertThat(admin.text("#admin-usage tbody tr:first-child th")).isEqualTo(biggestFirst.get(0).toString());
            assertThat((Boolean) admin.script(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                    .as("the admin page scrolls sideways at 375 px").isTrue();
            admin.screenshot("01-page-1");

            admin.find("#usage-pager button.next").sendKeys(Keys.ENTER);
            admin.awaitText("#usage-pager", "Page 2 of 2");
            assertThat(admin.findAll("#admin-usage tbody tr")).hasSize(1);
            assertThat(admin.text("#admin-usage tbody th")).isEqualTo(biggestFirst.get(50).toString());
            assertThat(admin.text("#usage-totals")).isEqualTo(month + ": 51 users, 51 images, $13.26 spent.");
            // Next is disabled on the last page: the keyboard focus waits on Previous rather than falling to the top.
            assertThat(admin.script("return document.activeElement.textContent")).isEqualTo("Previous page");
            admin.screenshot("02-page-2");
        }
    }

    @Test
    void someoneWhoIsNotAnAdminHasNoAdminPage() {
        SuiteUser.admin(); // once an admin exists, nobody is offered the setup token form
        try (Browser browser = Browser.open("admin-refused", Browser.DESKTOP)) {
            browser.register("user-" + UUID.randomUUID() + "@example.test", PASSWORD);
            assertThat(browser.findAll("nav a[href='/app/admin']")).isEmpty();
            browser.go("/app/admin");
            browser.awaitText("main", "This page is for administrators only.");
            assertThat(browser.findAll("#setup-form")).isEmpty();
            browser.screenshot("01-refused");
        }
    }

    @Test
    void anAdminMakesAnotherAdminAndTakesTheRoleBackAtOnce() {
        SuiteUser erin = SuiteUser.register();
        String item = "#role-results [data-user-id='" + erin.id() + "']";
        try (Browser admin = Browser.open("admin-roles", Browser.DESKTOP);
                Browser erinsBrowser = Browser.open("admin-roles-erin", Browser.DESKTOP)) {
            admin.login(SuiteUser.admin().email(), PASSWORD);
            admin.click("nav a[href='/app/admin']");
            admin.type("#role-search", erin.email());
            admin.click("#role-form button[type=submit]");
            admin.click(item + " button.make-admin");
            admin.awaitText("#messages", erin.email() + " is now an administrator");
            admin.awaitText(item + " .badge", "admin");
            admin.screenshot("01-made-admin");
            // Her token from before holds no admin role: it is refused, and logging in again gives her the page.
            erin.request().get("/auth/me").then().statusCode(401).body("code", equalTo("roles_changed"));
            erinsBrowser.login(erin.email(), PASSWORD);
            erinsBrowser.click("nav a[href='/app/admin']");
            erinsBrowser.find("#role-form");

            admin.click(item + " button.danger");
            admin.click(item + " .confirm button.danger");
            admin.awaitText("#messages", erin.email() + " is no longer an administrator");
            assertThat(admin.findAll(item + " .badge")).isEmpty();
            admin.screenshot("02-admin-role-taken");
            // At once: her next call as admin is refused and the app sends her back to log in.
            erinsBrowser.go("/app/admin");
            erinsBrowser.awaitText("#messages", "Your session has ended");
            erinsBrowser.login(erin.email(), PASSWORD);
            assertThat(erinsBrowser.findAll("nav a[href='/app/admin']")).isEmpty();
        }
    }
}
