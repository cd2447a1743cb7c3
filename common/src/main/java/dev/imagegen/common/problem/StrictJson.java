package dev.imagegen.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * A request field the API does not know is refused (422 naming it) instead of dropped silently, so a typo or an
 * option this server lacks never turns into a different image than asked for. Events and provider answers are
 * read tolerantly: their records say {@code @JsonIgnoreProperties(ignoreUnknown = true)}. A field given twice is
 * refused too.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // A field given twice is ambiguous (which one counts?), so it is refused as malformed JSON.
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
