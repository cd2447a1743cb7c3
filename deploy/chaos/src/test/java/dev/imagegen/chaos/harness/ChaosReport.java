package dev.imagegen.chaos.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The figures of every scenario of the run, printed as one table when the suite stops (and written to
 * {@code target/chaos-report.md}). A scenario records each figure with its target and whether it met it, before it
 * asserts, so a failing scenario still shows all its figures.
 */
public final class ChaosReport {

    /** One line of the table. */
    public record Figure(String scenario, String name, String value, String target, boolean met) {
    }

    private static final List<Figure> FIGURES = new ArrayList<>();

    private ChaosReport() {
    }

    /** Records a figure; {@code met} says whether {@code value} is within {@code target}. */
    public static synchronized void record(String scenario, String name, Object value, String target, boolean met) {
        FIGURES.add(new Figure(scenario, name, Objects.toString(value), target, met));
    }

    /** Records a count whose target is exactly {@code target}. */
    public static void recordEquals(String scenario, String name, long value, long target) {
        record(scenario, name, value, "= " + target, value == target);
    }

    /** Records a count whose target is at most {@code max}. */
    public static void recordAtMost(String scenario, String name, long value, long max) {
        record(scenario, name, value, "≤ " + max, value <= max);
    }

    /** Records a figure with no target: context for the others (jobs submitted, kills made…). */
    public static void recordInfo(String scenario, String name, Object value) {
        record(scenario, name, value, "", true);
    }

    public static synchronized List<Figure> figures() {
        return List.copyOf(FIGURES);
    }

    /** The table, in Markdown. */
    public static synchronized String table() {
        StringBuilder table = new StringBuilder("| scenario | figure | value | target | met |\n|---|---|---|---|---|\n");
        for (Figure f : FIGURES) {
            table.append("| ").append(f.scenario()).append(" | ").append(f.name()).append(" | ").append(f.value())
                    .append(" | ").append(f.target()).append(" | ")
                    .append(f.target().isEmpty() ? "" : f.met() ? "yes" : "**NO**").append(" |\n");
        }
        return table.toString();
    }

    /** Prints the table and writes it to {@code chaos.report} (target/chaos-report.md). */
    static synchronized void publish() {
        if (FIGURES.isEmpty()) {
            return;
        }
        String table = table();
        System.out.println("\n==== Chaos report\n" + table);
        Path file = Path.of(System.getProperty("chaos.report", "target/chaos-report.md"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "# Chaos report\n\n" + table);
        } catch (IOException e) {
            System.err.println("Chaos report not written to " + file + ": " + e.getMessage());
        }
    }
}
