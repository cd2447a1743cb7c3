package dev.imagegen.worker.provider;

import dev.imagegen.common.events.JobMessage;
import dev.imagegen.common.models.ModelProfiles;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class OfflineImageProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final OfflineImageProvider provider;
    private final ModelProfiles models;

    OfflineImageProviderTest(OfflineImageProvider provider, ModelProfiles models) {
        this.provider = provider;
        this.models = models;
    }

    @ParameterizedTest
    @ValueSource(strings = { "1024x1024", "1792x1024", "1024x1792" })
    void rendersAPngOfExactlyTheRequestedSize(String size) throws IOException {
        GeneratedImage image = provider.generate(job("a lighthouse at dusk", size)).await().atMost(WAIT);

        assertThat(image.images()).hasSize(1);
        assertThat(image.contentType()).isEqualTo("image/png");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.images().get(0)));
        String[] sides = size.split("x");
        assertThat(decoded).isNotNull();
        assertThat(decoded.getWidth()).isEqualTo(Integer.parseInt(sides[0]));
        assertThat(decoded.getHeight()).isEqualTo(Integer.parseInt(sides[1]));
        assertThat(image.model()).isEqualTo("offline");
        assertThat(image.cost()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(image.revisedPrompt()).isEqualTo("a lighthouse at dusk (offline render)");
    }

    @Test
    void samePromptGivesTheSameBytesAndAnotherPromptOthers() {
        byte[] first = first(provider.generate(job("a red fox in the snow", "1024x1024")).await().atMost(WAIT));
        byte[] again = first(provider.generate(job("a red fox in the snow", "1024x1024")).await().atMost(WAIT));
        byte[] other = first(provider.generate(job("a blue whale in the deep", "1024x1024")).await().atMost(WAIT));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void wrapsLongPromptsWithoutFailing() throws IOException {
        String prompt = "an extraordinarily detailed panorama ".repeat(40) + "withaverylongwordthatcannotfitonanyline".repeat(5);
        GeneratedImage image = provider.generate(job(prompt, "1024x1024")).await().atMost(WAIT);

        assertThat(ImageIO.read(new ByteArrayInputStream(image.images().get(0))).getWidth()).isEqualTo(1024);
    }

    @Test
    void rendersEveryImageOfAJobAsWebpWithATransparentBackgroundAndReportsItsUsage() {
        JobMessage job = TestImages.job("three paper cranes", "gpt-image-2.6-flare", "1536x1024", "high", 3,
                "transparent", "webp", 80);

        GeneratedImage result = provider.generate(job).await().atMost(WAIT);

        assertThat(result.contentType()).isEqualTo("image/webp");
        assertThat(result.images()).hasSize(3).allSatisfy(bytes -> {
            assertThat(TestImages.isWebp(bytes)).isTrue();
            BufferedImage image = TestImages.read(bytes);
            assertThat(image.getWidth()).isEqualTo(1536);
            assertThat(image.getHeight()).isEqualTo(1024);
            assertThat(TestImages.hasTransparentCorners(image)).isTrue();
        });
        // Numbered 1/3, 2/3, 3/3 on differently seeded backgrounds: three images, not one thrice.
        assertThat(result.images().stream().map(java.util.Arrays::hashCode).distinct()).hasSize(3);
        assertThat(result.model()).isEqualTo("offline");
        assertThat(result.size()).isEqualTo("1536x1024");
        assertThat(result.quality()).isEqualTo("high");
        assertThat(result.cost()).isEqualByComparingTo(BigDecimal.ZERO);
        // The tokens OpenAI's calculator gives gpt-image-2.6-flare for 1536x1024 at high (factor 48), per image.
        long perImage = models.find("gpt-image-2.6-flare").orElseThrow().outputTokens("1536x1024", "high");
        assertThat(perImage).isPositive();
        assertThat(result.usage().outputImageTokens()).isEqualTo(3 * perImage);
        // "three paper cranes" is 18 characters: about 4 per token, rounded up.
        assertThat(result.usage().inputTextTokens()).isEqualTo(5);
        assertThat(result.usage().inputImageTokens()).isZero();
    }

    @Test
    void aJpegHasNoAlphaAndItsCompressionIsHonoured() {
        GeneratedImage light = provider.generate(TestImages.job("a harbour at noon", "gpt-image-2", "1024x1024",
                "low", 1, "opaque", "jpeg", 95)).await().atMost(WAIT);
        GeneratedImage heavy = provider.generate(TestImages.job("a harbour at noon", "gpt-image-2", "1024x1024",
                "low", 1, "opaque", "jpeg", 10)).await().atMost(WAIT);

        assertThat(light.contentType()).isEqualTo("image/jpeg");
        assertThat(light.images().get(0)).startsWith(0xFF, 0xD8, 0xFF);
        assertThat(TestImages.read(light.images().get(0)).getColorModel().hasAlpha()).isFalse();
        assertThat(heavy.images().get(0).length).isLessThan(light.images().get(0).length);
    }

    @Test
    void autoBecomesTheProfilesFirstPresetAndACustomSizeIsRenderedExactly() {
        GeneratedImage auto = provider.generate(TestImages.job("a kite", "gpt-image-2.6-flare", "auto", "auto", 1,
                null, null, null)).await().atMost(WAIT);
        GeneratedImage custom = provider.generate(TestImages.job("a kite", "gpt-image-2.6-flare", "1920x1088",
                "low", 1, null, "png", null)).await().atMost(WAIT);

        // gpt-image-2.6-flare's presets start with 1024x1024, its qualities with medium; png is its first format.
        assertThat(auto.size()).isEqualTo("1024x1024");
        assertThat(auto.quality()).isEqualTo("medium");
        assertThat(auto.contentType()).isEqualTo("image/png");
        assertThat(TestImages.read(auto.images().get(0)).getWidth()).isEqualTo(1024);
        BufferedImage image = TestImages.read(custom.images().get(0));
        assertThat(image.getWidth()).isEqualTo(1920);
        assertThat(image.getHeight()).isEqualTo(1088);
        assertThat(image.getColorModel().hasAlpha()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "huge", "1024", "0x1024", "100000x100000", "axb" })
    void refusesABadSizeForGood(String size) {
        assertThatThrownBy(() -> provider.generate(job("a cat", size)).await().atMost(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void refusesMoreImagesThanTheModelMakesAtOnce() {
        JobMessage job = TestImages.job("a cat", "dall-e-3", "1024x1024", "standard", 2, null, null, null);

        assertThatThrownBy(() -> provider.generate(job).await().atMost(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.getMessage()).contains("at most 1");
                });
    }

    private static byte[] first(GeneratedImage image) {
        return image.images().get(0);
    }

    static JobMessage job(String prompt, String size) {
        return job(prompt, size, "standard", "vivid");
    }

    static JobMessage job(String prompt, String size, String quality, String style) {
        return new JobMessage(JobMessage.VERSION, UUID.randomUUID(), UUID.randomUUID(), prompt, "dall-e-3", size,
                quality, style, null, Instant.now(), 1);
    }
}
