package dev.imagegen.generation.content;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** The prompt blocklist, checked before a job is reserved or queued. */
@ConfigMapping(prefix = "imagegen.content")
public interface ContentConfig {

    /**
     * Words and phrases refused in any case, with or without accents, and with letters spaced or punctuated
     * apart ({@code b.o m-b}); matched as whole words.
     */
    Optional<List<String>> blocklist();

    /** Regular expressions refused, matched against the prompt lower-cased and stripped of accents. */
    Optional<List<String>> patterns();
}
