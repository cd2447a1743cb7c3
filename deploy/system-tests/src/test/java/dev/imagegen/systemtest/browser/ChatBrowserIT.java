package dev.imagegen.systemtest.browser;

import dev.imagegen.systemtest.Suite;
import dev.imagegen.systemtest.SuiteUser;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A person chats in a real browser: /image brings the picture into the thread live; nobody else sees it. */
@ExtendWith(Suite.class)
class ChatBrowserIT {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String COMPOSER = ".composer textarea";
    private static final String MESSAGES = ".chat-messages .chat-message";
    private static final String REPLIES = MESSAGES + ".assistant";

    @Test
    void anImageCommandShowsTheImageInlineWithoutAReload() {
        try (Browser alice = Browser.open("chat", Browser.DESKTOP)) {
            alice.register(newEmail(), PASSWORD);
            alice.click("nav a[href='/app/chat']");
            alice.awaitPath("/app/chat");
            alice.awaitText(".thread-list", "No threads yet.");
            alice.click(".new-thread");
            alice.until(d -> ((String) alice.script("return location.pathname")).startsWith("/app/chat/"),
                    "no thread was opened");
            String threadPath = (String) alice.script("return location.pathname");
            alice.screenshot("01-new-thread");

            // A mark on this document: a reload would wipe it.
            alice.script("window.sameDocument = true");
            alice.type(COMPOSER, "/image a red bicycle");
            alice.find(COMPOSER).sendKeys(Keys.ENTER);
            alice.awaitText(".chat-messages .chat-message.user", "/image a red bicycle");
            alice.until(d -> (Boolean) alice.script("const img = document.querySelector('.chat-image img');"
                    + " return img !== null && img.complete && img.naturalWidth > 0"), "the image never arrived");
            alice.awaitText(".chat-image figcaption", "a red bicycle");
            assertThat(alice.script("return window.sameDocument")).isEqualTo(true);
            assertThat(alice.find(COMPOSER).getAttribute("value")).isEmpty();
            // The first message names the thread.
            alice.awaitText(".thread-list a[aria-current=page]", "a red bicycle");
            alice.awaitText(".thread-title", "a red bicycle");
            alice.screenshot("02-image-inline");

            // Shift+Enter is a new line, not a send; /help lists the commands.
            WebElement composer = alice.find(COMPOSER);
            composer.sendKeys("/help", Keys.chord(Keys.SHIFT, Keys.ENTER));
            assertThat(composer.getAttribute("value")).isEqualTo("/help\n");
            assertThat(alice.findAll(REPLIES)).hasSize(1);
            composer.sendKeys(Keys.BACK_SPACE, Keys.ENTER);
            alice.until(d -> alice.findAll(REPLIES).size() == 2, "no answer to /help");
            assertThat(alice.findAll(REPLIES).get(1).getText()).contains("Commands:", "/image <prompt>", "--size");
            alice.screenshot("03-help");

            // The inline image opens in the gallery's lightbox.
            alice.click(".chat-image a");
            alice.until(d -> ((String) alice.script("return location.pathname")).startsWith("/app/gallery/"),
                    "the image did not open in the gallery");
            alice.awaitText("#lightbox-title", "a red bicycle");

            // Someone else, in a browser of their own, has no such thread and cannot open it.
            try (Browser bob = Browser.open("chat-second-user", Browser.DESKTOP)) {
                bob.register(newEmail(), PASSWORD);
                bob.go("/app/chat");
                bob.awaitText(".thread-list", "No threads yet.");
                bob.go(threadPath);
                bob.awaitText(".conversation", "This thread does not exist or was deleted.");
                assertThat(bob.findAll(".chat-messages")).isEmpty();
                bob.screenshot("01-not-found");
            }

            // Rename the thread, then delete it.
            alice.go(threadPath);
            alice.awaitText(".thread-title", "a red bicycle");
            alice.click(".thread-header .actions button");
            alice.type(".thread-header input[name=title]", "Bikes");
            alice.click(".thread-header button[type=submit]");
            alice.awaitText(".thread-title", "Bikes");
            alice.awaitText(".thread-list a[aria-current=page]", "Bikes");
            alice.click(".thread-header .confirm button.danger");
            alice.click(".thread-header .confirm button.danger");
            alice.awaitPath("/app/chat");
            alice.awaitText("#messages", "The thread was deleted.");
            alice.awaitText(".thread-list", "No threads yet.");
        }
    }

    @Test
    void olderMessagesAppearAboveOnRequest() {
        try (Browser alice = Browser.open("chat-history", Browser.DESKTOP)) {
            SuiteUser api = GalleryBrowserIT.registerInBrowser(alice);
            String thread = api.request().contentType(ContentType.JSON).body("{}").post("/chat/threads")
                    .then().statusCode(201).extract().path("id");
            for (int i = 1; i <= 55; i++) {
                api.request().contentType(ContentType.JSON).body(Map.of("content", "message " + i))
                        .post("/chat/threads/{id}/messages", thread).then().statusCode(201);
            }

            alice.go("/app/chat/" + thread);
            alice.until(d -> alice.findAll(MESSAGES).size() == 50, "the newest page never showed");
            assertThat(messageTexts(alice)).startsWith("message 6").endsWith("message 55");
            alice.click(".conversation .load-more");
            alice.until(d -> alice.findAll(MESSAGES).size() == 55, "the older messages never showed");
            assertThat(messageTexts(alice)).startsWith("message 1", "message 2").endsWith("message 55");
            assertThat(alice.findAll(".conversation .load-more").get(0).isDisplayed()).isFalse();
            alice.screenshot("01-all-messages");
        }
    }

    @Test
    void theChatFitsAPhoneScreen() {
        try (Browser phone = Browser.open("chat-phone", Browser.PHONE)) {
            phone.register(newEmail(), PASSWORD);
            phone.go("/app/chat");
            phone.click(".new-thread");
            phone.type(COMPOSER, "/image a lighthouse on a cliff at dawn --size landscape");
            phone.find(COMPOSER).sendKeys(Keys.ENTER);
            phone.awaitImagesLoaded(".chat-image img");
            assertThat((Long) phone.script("return window.innerWidth")).isLessThanOrEqualTo(400L);
            assertThat((Boolean) phone.script(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                    .as("the chat scrolls sideways at 375 px").isTrue();
            phone.screenshot("01-thread");
        }
    }

    private static List<String> messageTexts(Browser browser) {
        return browser.findAll(MESSAGES + " .chat-text").stream().map(WebElement::getText).toList();
    }

    private static String newEmail() {
        return "chat-" + UUID.randomUUID() + "@example.test";
    }
}
