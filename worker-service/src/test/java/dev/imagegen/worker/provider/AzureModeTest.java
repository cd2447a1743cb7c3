package dev.imagegen.worker.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.imagegen.common.testing.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Azure OpenAI: the deployment path, {@code api-version} and the {@code api-key} header instead of a bearer token. */
@QuarkusTest
@QuarkusTestResource(value = OpenAiWireMockResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "mode", value = "azure"))
class AzureModeTest {

    private static final String PATH = "/openai/deployments/" + OpenAiWireMockResource.AZURE_DEPLOYMENT
            + "/images/generations";

    @InjectWireMock
    WireMockServer wireMock;

    private final ImageProvider provider;

    AzureModeTest(ImageProvider provider) {
        this.provider = provider;
    }

    @Test
    void callsTheDeploymentWithTheApiKeyHeader() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);
        wireMock.stubFor(post(urlPathEqualTo(PATH))
                .withQueryParam("api-version", equalTo("2024-02-01"))
                .withHeader("api-key", equalTo(OpenAiWireMockResource.API_KEY))
                .withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png.toByteArray())
                                + "\",\"revised_prompt\":\"a fox, revised\"}]}")));

        GeneratedImage image = provider.generate(OfflineImageProviderTest.job("a fox", "1024x1024", "hd", "vivid"))
                .await().atMost(Duration.ofSeconds(30));

        assertThat(image.images()).containsExactly(png.toByteArray());
        assertThat(image.revisedPrompt()).isEqualTo("a fox, revised");
        assertThat(image.cost()).isEqualByComparingTo(new BigDecimal("0.080"));
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
    }
}
