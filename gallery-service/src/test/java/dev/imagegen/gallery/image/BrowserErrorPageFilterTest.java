package dev.imagegen.gallery.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserErrorPageFilterTest {

    @Test
    void aBrowserNavigatingPrefersHtml() {
        assertThat(BrowserErrorPageFilter.prefersHtml("text/html,application/xhtml+xml,application/xml;q=0.9,"
                + "*/*;q=0.8")).isTrue();
        assertThat(BrowserErrorPageFilter.prefersHtml("text/*")).isTrue();
        assertThat(BrowserErrorPageFilter.prefersHtml("application/json;q=0.5, text/html")).isTrue();
    }

    @Test
    void programsKeepJson() {
        assertThat(BrowserErrorPageFilter.prefersHtml(null)).isFalse();
        assertThat(BrowserErrorPageFilter.prefersHtml("")).isFalse();
        assertThat(BrowserErrorPageFilter.prefersHtml("*/*")).isFalse();
        assertThat(BrowserErrorPageFilter.prefersHtml("application/json")).isFalse();
        assertThat(BrowserErrorPageFilter.prefersHtml("application/problem+json, text/html")).isFalse();
        assertThat(BrowserErrorPageFilter.prefersHtml("text/html;q=0, */*")).isFalse();
        assertThat(BrowserErrorPageFilter.prefersHtml("text/html;q=oops, ;;, application/json")).isFalse();
    }

    @Test
    void whatThePageEchoesIsEscaped() {
        assertThat(BrowserErrorPageFilter.page("<b>&\"'", "<script>alert(1)</script>"))
                .contains("<title>&lt;b&gt;&amp;&quot;&#39;</title>")
                .contains("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
                .doesNotContain("<script>");
    }
}
