package dev.imagegen.gallery.image;

import dev.imagegen.common.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A person who clicks a dead share link should read a sentence, not raw JSON: when the request prefers HTML
 * (a browser navigating) and the answer is an error, the problem+json becomes a small self-contained page with
 * the same status. API clients ({@code Accept: *}{@code /*}, {@code application/json}) keep the problem+json.
 */
@Provider
@BrowserErrorPage
public class BrowserErrorPageFilter implements ContainerResponseFilter {

    private static final String GONE_TITLE = "Shared image not available";
    private static final String GONE_SENTENCE =
            "This shared image is no longer available. The owner may have stopped sharing it.";

    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");
    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON_TYPE,
            MediaType.valueOf(Problem.MEDIA_TYPE));
    private static final double NOT_ACCEPTED = 0;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || !prefersHtml(request.getHeaderString(HttpHeaders.ACCEPT))) {
            return;
        }
        boolean gone = status == 404 || status == 410;
        Problem problem = response.getEntity() instanceof Problem known ? known : null;
        String title = gone || problem == null ? GONE_TITLE : problem.title();
        String sentence = gone || problem == null || problem.detail() == null ? GONE_SENTENCE : problem.detail();
        response.setEntity(page(title, sentence), null, HTML);
        // The page carries its style inline and loads nothing else.
        response.getHeaders().putSingle("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** Whether text/html is accepted with a higher quality than JSON; ties (as with {@code *}{@code /*}) are JSON. */
    static boolean prefersHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> ranges = ranges(accept);
        double json = JSON.stream().mapToDouble(type -> quality(ranges, type)).max().orElse(NOT_ACCEPTED);
        return quality(ranges, MediaType.TEXT_HTML_TYPE) > json;
    }

    /** The quality of the most specific range that matches {@code type} (RFC 9110, 12.5.1). */
    private static double quality(List<MediaType> ranges, MediaType type) {
        MediaType best = null;
        for (MediaType range : ranges) {
            if (range.isCompatible(type) && (best == null || specificity(range) > specificity(best))) {
                best = range;
            }
        }
        return best == null ? NOT_ACCEPTED : q(best);
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
    }

    private static double q(MediaType range) {
        try {
            return Double.parseDouble(range.getParameters().getOrDefault("q", "1"));
        } catch (NumberFormatException e) {
            return NOT_ACCEPTED;
        }
    }

    private static List<MediaType> ranges(String accept) {
        return Arrays.stream(accept.split(",")).map(String::strip).filter(part -> !part.isEmpty())
                .flatMap(part -> {
                    try {
                        return Stream.of(MediaType.valueOf(part));
                    } catch (IllegalArgumentException e) {
                        return Stream.empty(); // a malformed range accepts nothing
                    }
                }).toList();
    }

    static String page(String title, String sentence) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s</title>
                <style>
                body { font-family: system-ui, sans-serif; color: #1f2933; background: #f7f7f8; margin: 0; }
                main { max-width: 32rem; margin: 15vh auto 0; padding: 0 1.25rem; line-height: 1.5; }
                h1 { font-size: 1.5rem; }
                </style>
                </head>
                <body>
                <main>
                <h1>%1$s</h1>
                <p>%2$s</p>
                </main>
                </body>
                </html>
                """.formatted(escape(title), escape(sentence));
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
