package dev.imagegen.common.models;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped catalogue, read the way the services read it: defaults, replacements, token estimates and costs. */
class ModelProfilesTest {

    private static final ModelProfiles SHIPPED = catalogue(Map.of());

    static ModelProfiles catalogue(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(overrides, "test", 500))
                .withMapping(ModelProfiles.class)
                .build();
        return config.getConfigMapping(ModelProfiles.class);
    }

    @Test
    void aRequestWithoutAModelGetsTodaysFastModelAndEveryShutDownModelHasAServedReplacement() {
        assertThat(SHIPPED.defaultModel()).isEqualTo("gpt-image-2.6-flare");
        for (String old : new String[] {"dall-e-3", "dall-e-2", "gpt-image-1", "gpt-image-1.5", "gpt-image-1-mini"}) {
            assertThat(SHIPPED.find(old).orElseThrow().shutdownDate()).isPresent();
            String replacement = SHIPPED.replacementFor(old).orElseThrow();
            assertThat(SHIPPED.find(replacement).orElseThrow().shutdownDate()).isEmpty();
        }
        assertThat(SHIPPED.find("dall-e-3").orElseThrow().shutdownDate()).contains(LocalDate.of(2026, 5, 12));
        assertThat(SHIPPED.replacementFor("dall-e-3")).contains("gpt-image-2.5-sunburst");
        assertThat(SHIPPED.replacementFor("gpt-image-2.6-flare")).isEmpty();
    }

    @Test
    void modelReplacementsOverrideTheDefaultsAndIgnoreAReplacementWithoutAProfile() {
        ModelProfiles profiles = catalogue(Map.of("imagegen.models.replacements",
                "dall-e-3=gpt-image-2,dall-e-2=no-such-model"));
        assertThat(profiles.replacementFor("dall-e-3")).contains("gpt-image-2");
        assertThat(profiles.replacementFor("dall-e-2")).isEmpty();
        assertThat(profiles.replacementFor("gpt-image-1")).isEmpty();
    }

    @Test
    void outputTokenEstimatesFollowOpenAisCalculator() {
        ModelProfiles.Profile gptImage2 = SHIPPED.find("gpt-image-2").orElseThrow();
        // OpenAI's calculator for gpt-image-2 at 1024x1024: low 196, medium 1,756, high 7,024; 1536x1024 high 5,488
        assertThat(gptImage2.outputTokens("1024x1024", "low")).isEqualTo(196);
        assertThat(gptImage2.outputTokens("1024x1024", "medium")).isEqualTo(1756);
        assertThat(gptImage2.outputTokens("1024x1024", "high")).isEqualTo(7024);
        assertThat(gptImage2.outputTokens("1536x1024", "high")).isEqualTo(5488);
        ModelProfiles.Profile flare = SHIPPED.find("gpt-image-2.6-flare").orElseThrow();
        assertThat(flare.outputTokens("1024x1024", "medium")).isEqualTo(439);
        assertThat(flare.outputTokens("1024x1024", "xhigh")).isEqualTo(3122);
        assertThat(flare.outputTokens("1024x1024", "max")).isEqualTo(7024);
        // auto is reserved at its dearest: the highest quality, the largest preset
        assertThat(flare.outputTokens("auto", "auto")).isEqualTo(flare.outputTokens("1024x1024", "max"));
    }

    @Test
    void aPerTokenEstimateIsThePromptAndTheExpectedOutputAtTheModelsPrices() {
        ModelProfiles.Profile flare = SHIPPED.find("gpt-image-2.6-flare").orElseThrow();
        // 100 prompt tokens at $5/1M + 1,756 output tokens at $30/1M = 0.0005 + 0.05268
        assertThat(flare.estimate("1024x1024", "high")).isEqualByComparingTo("0.05318");
        assertThat(flare.estimate("1024x1024", "high").scale()).isEqualTo(ModelProfiles.COST_SCALE);
    }

    @Test
    void theCostOfAResponseIsItsUsageAtTheTokenPricesRoundedUpToAMillionthOfADollar() {
        ModelProfiles.Profile flare = SHIPPED.find("gpt-image-2.6-flare").orElseThrow();
        // 50 text in ($5), 40 image in of which 8 cached ($8 / $2), 3 x 1,756 image out ($30)
        TokenUsage usage = new TokenUsage(50, 40, 0, 8, 5268, 0);
        BigDecimal expected = new BigDecimal("0.000250") // 50 x 5 / 1M
                .add(new BigDecimal("0.000256")) // 32 x 8 / 1M
                .add(new BigDecimal("0.000016")) // 8 x 2 / 1M
                .add(new BigDecimal("0.158040")); // 5,268 x 30 / 1M
        assertThat(flare.cost("1024x1024", "high", 3, usage)).isEqualByComparingTo(expected);
        // one cached text token costs $0.00000125: a charge is never rounded below what was billed
        assertThat(flare.cost("1024x1024", "high", 1, new TokenUsage(1, 0, 1, 0, 0, 0)))
                .isEqualByComparingTo("0.000002");
    }

    @Test
    void aPerImageModelChargesItsListPriceForEveryImage() {
        ModelProfiles.Profile dalle3 = SHIPPED.find("dall-e-3").orElseThrow();
        assertThat(dalle3.priceKind()).isEqualTo(ModelProfiles.PriceKind.IMAGE);
        assertThat(dalle3.cost("1792x1024", "hd", 2, null)).isEqualByComparingTo("0.240");
        assertThat(dalle3.cost("1024x1024", "standard", 1, new TokenUsage(1, 1, 0, 0, 1, 0)))
                .isEqualByComparingTo("0.040");
    }

    @Test
    void customSizesAreCheckedAgainstTheModelsRules() {
        ModelProfiles.CustomSizes rules = SHIPPED.find("gpt-image-2.6-flare").orElseThrow().customSizes()
                .orElseThrow();
        assertThat(rules.check(1792, 1024)).isEmpty();
        assertThat(rules.check(3840, 2160)).isEmpty();
        assertThat(rules.check(1000, 1000)).get().asString().contains("multiples of 16");
        assertThat(rules.check(3840, 1024)).get().asString().contains("3.0 times");
        assertThat(rules.check(4096, 2048)).get().asString().contains("3840");
        assertThat(rules.check(512, 512)).get().asString().contains("655360");
        assertThat(SHIPPED.find("dall-e-3").orElseThrow().customSizes()).isEmpty();
    }
}
