package org.joulebench.reports.charts;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Deterministic, file-system-safe chart file names. */
public final class ChartNames {

    public static final String DIR = "charts";
    static final String TOKEN_ENERGY = "j-per-token.png";
    static final String POWER_TIMELINE = "power-timeline.png";
    static final String GENERATED_TOKEN_ENERGY = "j-per-generated-token.png";
    static final String SCALING = "j-per-token-vs-params.png";

    private ChartNames() {
    }

    static String accuracyVsEnergy(String taskSlug) {
        return "accuracy-vs-j-per-query-" + taskSlug + ".png";
    }

    static String accuracyVsTokenEnergy(String taskSlug) {
        return "accuracy-vs-j-per-token-" + taskSlug + ".png";
    }

    /** The serving scenario's time–energy chart of one task × model × engine. */
    public static String serving(String task, String model, String engine) {
        return "serving-" + slug(task + "-" + model + "-" + engine) + ".png";
    }

    /** The file names of one task's charts, in the order a report shows them. */
    public static List<String> ofTask(String taskSlug) {
        return List.of(accuracyVsEnergy(taskSlug), accuracyVsTokenEnergy(taskSlug), accuracyPerJoule(taskSlug));
    }

    static String accuracyPerJoule(String taskSlug) {
        return "accuracy-per-joule-" + taskSlug + ".png";
    }

    /**
     * A slug per task, in the given order: lower case, runs of characters other than
     * {@code a-z 0-9 . _ -} replaced by one {@code -}; a slug already taken gets {@code -2}, {@code -3}, …
     */
    public static Map<String, String> slugs(List<String> tasks) {
        Map<String, String> slugs = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String task : tasks) {
            String base = slug(task);
            String slug = base;
            for (int i = 2; !taken.add(slug); i++) {
                slug = base + "-" + i;
            }
            slugs.put(task, slug);
        }
        return slugs;
    }

    static String slug(String task) {
        String s = (task == null ? "" : task).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        return s.isEmpty() ? "task" : s;
    }
}
