package dev.imagegen.worker.provider;

import dev.imagegen.common.events.JobMessage;
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

    OfflineImageProviderTest(OfflineImageProvider provider) {
        this.provider = provider;
    }

    @ParameterizedTest
    @ValueSource(strings = { "1024x1024", "1792x1024", "1024x1792" })
    void rendersAPngOfExactlyTheRequestedSize(String size) throws IOException {
        GeneratedImage image = provider.generate(job("a lighthouse at dusk", size)).await().atMost(WAIT);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
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
        byte[] first = provider.generate(job("a red fox in the snow", "1024x1024")).await().atMost(WAIT).bytes();
        byte[] again = provider.generate(job("a red fox in the snow", "1024x1024")).await().atMost(WAIT).bytes();
        byte[] other = provider.generate(job("a blue whale in the deep", "1024x1024")).await().atMost(WAIT).bytes();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void wrapsLongPromptsWithoutFailing() throws IOException {
        String prompt = "an extraordinarily detailed panorama ".repeat(40) + "withaverylongwordthatcannotfitonanyline".repeat(5);
        GeneratedImage image = provider.generate(job(prompt, "1024x1024")).await().atMost(WAIT);

        assertThat(ImageIO.read(new ByteArrayInputStream(image.bytes())).getWidth()).isEqualTo(1024);
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

    static JobMessage job(String prompt, String size) {
        return job(prompt, size, "standard", "vivid");
    }

    static JobMessage job(String prompt, String size, String quality, String style) {
        return new JobMessage(JobMessage.VERSION, UUID.randomUUID(), UUID.randomUUID(), prompt, "dall-e-3", size,
                quality, style, null, Instant.now(), 1);
    }
}
