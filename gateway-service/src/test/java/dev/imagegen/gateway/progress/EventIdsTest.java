package dev.imagegen.gateway.progress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    @Test
    void comparesByValueNotText() {
        assertThat(EventIds.compare("9-0", "10-0")).isNegative();
        assertThat(EventIds.compare("10-2", "10-10")).isNegative();
        assertThat(EventIds.compare("10-1", "10-1")).isZero();
        assertThat(EventIds.isAfter("1-0", null)).isTrue();
    }

    @Test
    void acceptsOnlyStreamIds() {
        assertThat(EventIds.isValid("1732597200000-0")).isTrue();
        assertThat(EventIds.isValid("1732597200000")).isFalse();
        assertThat(EventIds.isValid("$")).isFalse();
        assertThat(EventIds.isValid(null)).isFalse();
    }
}
