package dev.imagegen.systemtest.browser;

import dev.imagegen.systemtest.Suite;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * A real headless Chromium on the suite's web app, driven through the distribution's chromedriver: the
 * paths are set explicitly, so Selenium Manager never looks for (or downloads) a browser or driver.
 * Each browser has a fresh profile, so two browsers are two people. Screenshots go to
 * {@code deploy/system-tests/target/screenshots/<test>-<step>.png}.
 */
public final class Browser implements AutoCloseable {

    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(375, 800);
    public static final Path SCREENSHOTS = Suite.ROOT.resolve("deploy/system-tests/target/screenshots");

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int MIN_HEADLESS_WIDTH = 500;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String INSTALL = "apt-get install -y chromium chromium-driver";

    static {
        // Screenshots of this run only: an earlier run's leftovers would pass for pages this run never showed.
        try (Stream<Path> old = Files.exists(SCREENSHOTS) ? Files.list(SCREENSHOTS) : Stream.empty()) {
            old.filter(file -> file.toString().endsWith(".png")).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final String test;
    private final String base;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private Browser(String test, Dimension window, String base) throws IOException {
        this.test = test;
        this.base = base;
        this.profile = Files.createTempDirectory("imagegen-chromium-");
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--user-data-dir=" + profile,
                "--window-size=" + window.getWidth() + "," + window.getHeight());
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads().toString(),
                "download.prompt_for_download", false));
        if (window.getWidth() < MIN_HEADLESS_WIDTH) {
            // Headless Chromium keeps windows at least 500 px wide: emulate the phone's screen instead.
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of(
                    "width", window.getWidth(), "height", window.getHeight(), "pixelRatio", 1.0, "mobile", true,
                    "touch", true)));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            this.driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** A fresh browser for {@code test} (the screenshots' name prefix) with a window of {@code window}. */
    public static Browser open(String test, Dimension window) {
        return open(test, window, Suite.GATEWAY);
    }

    /** A fresh browser on the gateway at {@code base}, e.g. a second gateway a test started. */
    public static Browser open(String test, Dimension window, String base) {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new IllegalStateException(needed + " is missing: the browser tests need Debian's Chromium and "
                        + "its driver; install them with `" + INSTALL + "`");
            }
        }
        try {
            return new Browser(test, window, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where this browser saves downloads. */
    public Path downloads() {
        return profile.resolve("downloads");
    }

    /** Waits until a download named {@code name} is complete, and answers its path. */
    public Path awaitDownload(String name) {
        Path file = downloads().resolve(name);
        until(d -> Files.isRegularFile(file), "no download " + name + " in " + downloads());
        return file;
    }

    /** The WebDriver itself, for what the helpers here do not cover (keyboard actions, say). */
    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a path of the gateway, e.g. {@code /app/register}. */
    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** The element once it is visible. */
    public WebElement find(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)), "no visible " + css);
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Browser type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    public Browser click(String css) {
        until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(By.cssSelector(css)).apply(d);
            if (element == null) {
                return null;
            }
            try {
                // In the middle of the window, not at its top edge where the app's notices float over the page.
                script("arguments[0].scrollIntoView({block: 'center'})", element);
                element.click();
                return true;
            } catch (StaleElementReferenceException e) {
                return null; // the app re-rendered it (the navigation bar after login): find it again
            }
        }, css + " is not clickable");
        return this;
    }

    public Browser choose(String css, String visibleText) {
        new Select(find(css)).selectByVisibleText(visibleText);
        return this;
    }

    public String text(String css) {
        return find(css).getText();
    }

    /** Waits until the element's text contains {@code text}. */
    public Browser awaitText(String css, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text),
                css + " never showed \"" + text + "\"");
        return this;
    }

    /** Waits until the page's address path is {@code path}. */
    public Browser awaitPath(String path) {
        until(d -> path.equals(script("return location.pathname")), "the page never moved to " + path);
        return this;
    }

    /** Waits for a condition, failing with {@code what} and the page's address if it never holds. */
    public <T> T until(ExpectedCondition<T> condition, String what) {
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            screenshot("timeout");
            throw new AssertionError("After " + WAIT.toSeconds() + " s on " + driver.getCurrentUrl() + ": " + what
                    + "; browser console: " + console(), e);
        }
    }

    /** Waits until every image matching {@code css} has loaded its bytes (they come as authenticated blobs). */
    public Browser awaitImagesLoaded(String css) {
        // Lazy images load only near the viewport: bring each one that has not loaded into view.
        until(d -> (Boolean) script("const images = [...document.querySelectorAll(arguments[0])];"
                + " const waiting = images.find(i => !(i.complete && i.naturalWidth > 0));"
                + " if (waiting) waiting.scrollIntoView({block: 'center'});"
                + " return images.length > 0 && !waiting", css),
                "the images " + css + " never loaded");
        return this;
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** Signs up a new account through the sign-up page; the app then shows the generate page. */
    public Browser register(String email, String password) {
        go("/app/register");
        type("#email", email);
        type("#password", password);
        click("form button[type=submit]");
        return awaitPath("/app/generate");
    }

    /** Signs in to an existing account through the login page; the app then shows the generate page. */
    public Browser login(String email, String password) {
        go("/app/login");
        type("#email", email);
        type("#password", password);
        click("form button[type=submit]");
        return awaitPath("/app/generate");
    }

    /** The whole page as PNG, not just the window: Chromium's DevTools call, through chromedriver. */
    private byte[] fullPage() {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) content.get("width")).doubleValue(),
                "height", ((Number) content.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    /** Saves the whole page as {@code <test>-<step>.png}. */
    public Path screenshot(String step) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(test + "-" + step + ".png");
            Files.write(file, fullPage());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser console so far, for failure messages. */
    public String console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString).reduce((a, b) -> a + "\n" + b).orElse("(empty)");
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile is harmless.
        }
    }
}
