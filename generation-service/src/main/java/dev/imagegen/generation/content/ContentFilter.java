package dev.imagegen.generation.content;

import dev.imagegen.common.problem.ProblemException;
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

/** Refuses prompts the blocklist names, and records each refusal for the admin. */
@ApplicationScoped
public class ContentFilter {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final List<Rule> rules = new ArrayList<>();
    private final Clock clock;

    public ContentFilter(ContentConfig config, Clock clock) {
        this.clock = clock;
        config.blocklist().orElse(List.of()).stream().map(ContentFilter::words).filter(w -> !w.isEmpty())
                .forEach(word -> rules.add(new Rule(word, true, Pattern.compile("(?<![\\p{L}\\p{N}])"
                        + word.codePoints().filter(c -> c != ' ').mapToObj(Character::toString)
                                .map(Pattern::quote).collect(Collectors.joining("\\s*"))
                        + "(?![\\p{L}\\p{N}])"))));
        config.patterns().orElse(List.of()).forEach(pattern -> rules.add(new Rule(pattern, false,
                Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))));
    }

    /** Passes a prompt the blocklist allows; otherwise records the refusal and fails with 422 content_policy. */
    public Uni<Void> screen(UUID userId, String prompt) {
        Optional<String> matched = match(prompt);
        if (matched.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Log.infof("Refused a prompt of user %s: it matches the blocklist entry '%s'", userId, matched.get());
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO generation.content_refusals (id, user_id, prompt, matched, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, userId).setParameter(3, prompt)
                .setParameter(4, matched.get()).setParameter(5, OffsetDateTime.now(clock).withOffsetSameInstant(
                        ZoneOffset.UTC))
                .executeUpdate()))
                .chain(() -> Uni.createFrom().failure(new ProblemException(422, "content_policy",
                        "The prompt is not allowed by this service's content policy")));
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
