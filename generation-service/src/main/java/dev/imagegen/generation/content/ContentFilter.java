package dev.imagegen.generation.content;

import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.generation.quota.LedgerMetrics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.text.Normalizer;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Refuses prompts the blocklist names or OpenAI moderation flags, and records each refusal for the admin. */
@ApplicationScoped
public class ContentFilter {

    /** Refusal reasons, as the {@code imagegen_refusals_total} metric names them. */
    static final String BLOCKLIST = "blocklist";
    static final String MODERATION = "moderation";

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final List<Rule> rules = new ArrayList<>();
    private final Clock clock;
    private final Moderation moderation;
    private final LedgerMetrics metrics;

    public ContentFilter(ContentConfig config, Clock clock, Moderation moderation, LedgerMetrics metrics) {
        this.clock = clock;
        this.moderation = moderation;
        this.metrics = metrics;
        config.blocklist().orElse(List.of()).stream().map(ContentFilter::words).filter(w -> !w.isEmpty())
                .forEach(word -> rules.add(new Rule(word, true, Pattern.compile("(?<![\\p{L}\\p{N}])"
                        + word.codePoints().filter(c -> c != ' ').mapToObj(Character::toString)
                                .map(Pattern::quote).collect(Collectors.joining("\\s*"))
                        + "(?![\\p{L}\\p{N}])"))));
        config.patterns().orElse(List.of()).forEach(pattern -> rules.add(new Rule(pattern, false,
                Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))));
    }

    /**
     * Passes a prompt the blocklist and moderation allow; otherwise records the refusal and fails with 422
     * content_policy. Fails with 503 when moderation is on and cannot answer.
     */
    public Uni<Void> screen(UUID userId, String prompt) {
        Optional<String> matched = match(prompt);
        if (matched.isPresent()) {
            Log.infof("Refused a prompt of user %s: it matches the blocklist entry '%s'", userId, matched.get());
            return refuse(userId, prompt, BLOCKLIST, matched.get(),
                    "The prompt is not allowed by this service's content policy");
        }
        return moderation.flagged(prompt).chain(categories -> {
            if (categories.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String named = String.join(", ", categories);
            Log.infof("Refused a prompt of user %s: moderation flagged it for %s", userId, named);
            return refuse(userId, prompt, MODERATION, MODERATION + ": " + named,
                    "The prompt is not allowed by this service's content policy: it was flagged for " + named);
        });
    }

    private Uni<Void> refuse(UUID userId, String prompt, String reason, String matched, String detail) {
        metrics.refusal(reason);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO generation.content_refusals (id, user_id, prompt, matched, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, userId).setParameter(3, prompt)
                .setParameter(4, matched).setParameter(5, OffsetDateTime.now(clock).withOffsetSameInstant(
                        ZoneOffset.UTC))
                .executeUpdate()))
                .chain(() -> Uni.createFrom().failure(new ProblemException(422, "content_policy", detail)));
    }

    /** The blocklist entry the prompt matches, if any. */
    Optional<String> match(String prompt) {
        String plain = plain(prompt);
        String words = words(prompt);
        return rules.stream().filter(rule -> rule.pattern().matcher(rule.onWords() ? words : plain).find())
                .map(Rule::entry).findFirst();
    }

    /** Lower case without accents: "Crème" → "creme". */
    private static String plain(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
    }

    /** Plain text with every run of punctuation or space as one space. */
    private static String words(String text) {
        return NOT_WORD.matcher(plain(text)).replaceAll(" ").strip();
    }

    private record Rule(String entry, boolean onWords, Pattern pattern) {
    }
}
