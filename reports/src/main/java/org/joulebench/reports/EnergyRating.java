package org.joulebench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An energy rating of 1 to 5 stars per task, after Hugging Face's AI Energy Score: the range of net J per
 * query over a declared reference set is cut into five equal sections; the lowest fifth gets 5 stars, the
 * highest 1. The reference set here is every result of the same task and the same energy method in the
 * runs being reported (figures of different methods are never rated against each other), so a rating is
 * relative to those runs and changes when runs are added or removed. It is a rating, not a measurement.
 * Serving-scenario results are rated per concurrency level: against results of the same task, method and level
 * only (see {@link #SERVING_NOTE}).
 */
public final class EnergyRating {

    /** The definition in words, for the report. */
    public static final String DEFINITION = "Energy rating (1–5 stars), after Hugging Face's AI Energy Score:"
            + " the reference set of a task is every result of that task with the same energy method in the runs"
            + " of this report that has net J per query above zero. The range from its lowest to its highest net J"
            + " per query is cut into five equal sections: the lowest section gets ★★★★★, the next ★★★★☆, and so"
            + " on to ★☆☆☆☆ for the highest; a value on a boundary gets the better rating. The stars rank results"
            + " against this reference set only; they are a rating, not a measurement, and change when runs are"
            + " added or removed. A task needs two distinct values in its reference set to be rated.";

    /** How serving levels are rated, for reports that hold any. */
    public static final String SERVING_NOTE = "Serving-scenario results (c=N) are rated per concurrency level: the"
            + " reference set of a level is every result of that task, method and level in these runs, and its net J"
            + " per query is J per response over the steady-state window. A level is never rated against"
            + " single-scenario results or against other levels (they are one model under different loads, not"
            + " different models), so a level held by one result only is not rated.";

    /**
     * The bands of one task, method and concurrency level.
     *
     * @param concurrency the serving scenario's level, or null for the single scenario
     * @param size        how many results the reference set holds
     */
    public record Bands(String task, String method, Integer concurrency, double min, double max, int size) {

        /** The bands of the single scenario. */
        public Bands(String task, String method, double min, double max, int size) {
            this(task, method, null, min, max, size);
        }

        /** The stars for net J per query {@code joules}: 5 for the lowest fifth of the range, 1 for the highest. */
        public int stars(double joules) {
            double width = (max - min) / 5;
            int section = (int) Math.ceil((joules - min) / width); // 0 at min; a boundary goes to the lower section
            return Math.max(1, Math.min(5, 6 - Math.max(1, section)));
        }

        /** The lowest net J per query of the section that gets {@code stars}. */
        public double lower(int stars) {
            return min + (max - min) / 5 * (5 - stars);
        }

        /** The highest net J per query of the section that gets {@code stars}. */
        public double upper(int stars) {
            return min + (max - min) / 5 * (6 - stars);
        }
    }

    /** A row's rating: its stars, or why it has none. */
    public record Rating(Optional<Integer> stars, String reason) {

        /** {@code ★★★☆☆}, or {@code n/a (the reason)}. */
        public String text() {
            return stars.map(EnergyRating::stars).orElse("n/a (" + reason + ")");
        }
    }

    private EnergyRating() {
    }

    /** {@code ★★★☆☆} for 3. */
    public static String stars(int n) {
        return "★".repeat(n) + "☆".repeat(5 - n);
    }

    /** The bands of every task, method and level with two distinct values or more in its reference set. */
    public static List<Bands> bands(CrossRun runs) {
        Map<List<String>, List<Double>> sets = new LinkedHashMap<>();
        Map<List<String>, Integer> levels = new LinkedHashMap<>();
        for (CrossRun.Row row : runs.rows()) {
            OptionalDouble j = CrossRunFigures.joulesPerQuery(row.result());
            if (j.isPresent()) {
                sets.computeIfAbsent(key(row), k -> new ArrayList<>()).add(j.getAsDouble());
                levels.put(key(row), row.result().concurrency());
            }
        }
        List<Bands> bands = new ArrayList<>();
        sets.forEach((key, values) -> {
            double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            if (max > min) {
                bands.add(new Bands(key.get(0), key.get(1), levels.get(key), min, max, values.size()));
            }
        });
        return List.copyOf(bands);
    }

    /** The rating of {@code row} within {@code bands}. */
    public static Rating of(CrossRun.Row row, List<Bands> bands) {
        OptionalDouble j = CrossRunFigures.joulesPerQuery(row.result());
        if (j.isEmpty()) {
            return new Rating(Optional.empty(), "net J/query not above 0");
        }
        List<String> key = key(row);
        return bands.stream().filter(b -> b.task().equals(key.get(0)) && b.method().equals(key.get(1))
                        && Objects.equals(b.concurrency(), row.result().concurrency())).findFirst()
                .map(b -> new Rating(Optional.of(b.stars(j.getAsDouble())), ""))
                .orElse(new Rating(Optional.empty(), row.result().concurrency() == null
                        ? "fewer than 2 distinct values to rate against"
                        : "fewer than 2 distinct values at this level to rate against"));
    }

    /** How many models must have run a task for its results to get stars in a summary or an energy label. */
    public static final int MIN_MODELS = 3;

    /**
     * The bands of {@code task}'s results (one task, single scenario) whose method is {@code method}, where at
     * least {@value #MIN_MODELS} models ran the task and two distinct net J per query values exist.
     */
    public static Optional<Bands> ofTask(List<org.joulebench.harness.TaskModelResult> task, String method) {
        if (task.stream().map(r -> String.valueOf(r.model())).distinct().count() < MIN_MODELS) {
            return Optional.empty();
        }
        double[] values = task.stream().filter(r -> Figures.methodLabel(r.energy()).equals(method))
                .map(CrossRunFigures::joulesPerQuery).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
        if (values.length < 2) {
            return Optional.empty();
        }
        double min = java.util.Arrays.stream(values).min().orElseThrow();
        double max = java.util.Arrays.stream(values).max().orElseThrow();
        String name = task.isEmpty() ? "" : String.valueOf(task.get(0).task());
        return max > min ? Optional.of(new Bands(name, method, min, max, values.length)) : Optional.empty();
    }

    /**
     * The stars of {@code r} among {@code task}'s results (see {@link #ofTask}), or why it has none: fewer than
     * {@value #MIN_MODELS} models ran the task, or its method's results have fewer than two distinct values.
     */
    public static Rating rating(org.joulebench.harness.TaskModelResult r, List<org.joulebench.harness.TaskModelResult> task) {
        long models = task.stream().map(x -> String.valueOf(x.model())).distinct().count();
        if (models < MIN_MODELS) {
            return new Rating(Optional.empty(), models + (models == 1 ? " model" : " models") + " ran this task;"
                    + " stars need at least " + MIN_MODELS);
        }
        OptionalDouble j = CrossRunFigures.joulesPerQuery(r);
        if (j.isEmpty()) {
            return new Rating(Optional.empty(), "net J/query not above 0");
        }
        return ofTask(task, Figures.methodLabel(r.energy()))
                .map(b -> new Rating(Optional.of(b.stars(j.getAsDouble())), ""))
                .orElse(new Rating(Optional.empty(), "fewer than 2 distinct values of its method to rate against"));
    }

    /** Task, method and level: results are rated only against results of all three alike. */
    private static List<String> key(CrossRun.Row row) {
        return List.of(String.valueOf(row.result().task()), Objects.toString(Figures.methodLabel(row.result().energy())),
                String.valueOf(row.result().concurrency()));
    }
}
