package org.joulebench.reports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.Accuracy;
import org.joulebench.harness.TaskModelResult.EnergyResult;

/**
 * Labels and derived figures that every report format (and anything else that shows results)
 * must agree on, so that an energy figure never appears without its method.
 */
public final class Figures {

    /** What {@link #accuracyPerKilojoule} means, in words a report can print. */
    public static final String ACCURACY_PER_KJ_DEFINITION = "accuracy per kJ = accuracy × 1000 / (net J per query),"
            + " that is the accuracy times the queries one kilojoule of net energy buys; for a fraction-correct"
            + " metric such as accuracy@1 it is the expected number of correct answers per kJ. Higher is better;"
            + " it is not given where net J per query is zero or below.";

    /**
     * Where {@link #accuracyPerKilojoule} has no figure by definition, in words a report prints next to
     * {@link #ACCURACY_PER_KJ_DEFINITION} when the run has such results.
     */
    public static final String ACCURACY_PER_KJ_NOT_APPLICABLE = "Accuracy per kJ is not given for a metric where"
            + " lower is better, such as bits/char (it reads n/a (lower is better)): a cost times the queries a"
            + " kilojoule buys would reward spending more energy, and no inverse of it has a plain meaning; compare"
            + " those tasks by net J per token and their lower-is-better Pareto frontier instead. Models with random"
            + " weights have no accuracy, so no accuracy per kJ either.";

    /** How the 95% intervals are made so that each respects what its quantity can be, in words a report prints. */
    public static final String INTERVAL_METHODS = "Intervals respect their quantity: a proportion (accuracy@1) has a"
            + " Wilson score interval, which stays in [0, 1]; a mean of per-item scores (MRR, character accuracy,"
            + " bits/char) has a percentile-bootstrap interval over the items (2,000 resamples, a fixed seed), which"
            + " stays within the scores' range, so in [0, 1] for a bounded score; a positive quantity (tokens/s, and J"
            + " per query or token where every sample is above zero) has a Student-t interval on the log scale (delta"
            + " method: mean × exp(±t·s/(mean·√n))), which never goes below zero and widens upwards at small n. A net"
            + " energy with a sample at or below zero (within idle noise) keeps the plain Student-t interval. With one"
            + " sample there is no interval: it reads [mean, mean] and its basis says n = 1. Results measured by an"
            + " older Joulebench carry the intervals it computed (Student-t throughout).";

    /** What a result without accuracy shows: synthetic models with random weights, whose answers mean nothing. */
    public static final String NO_ACCURACY = "n/a (random weights)";

    private Figures() {
    }

    /**
     * The method of an energy figure as it must be printed next to it: {@code COUNTER}, or
     * {@code ESTIMATE ±50%} when the method states its own relative uncertainty.
     */
    public static String methodLabel(EnergyResult energy) {
        return energy == null ? label(null, null) : label(energy.method(), energy.relativeUncertainty());
    }

    /** The method of the idle baseline, labelled as {@link #methodLabel(EnergyResult)} labels energy figures. */
    public static String methodLabel(IdleBaseline idle) {
        return idle == null ? label(null, null) : label(idle.method(), idle.relativeUncertainty());
    }

    /**
     * A method as it must be printed next to a figure, from its name and stated relative uncertainty
     * (null where it states none), e.g. for a power series that carries only its method name.
     */
    public static String methodLabel(String method, Double relativeUncertainty) {
        return label(method, relativeUncertainty);
    }

    private static String label(String method, Double relativeUncertainty) {
        if (method == null || method.isBlank()) {
            return "UNKNOWN METHOD";
        }
        if (relativeUncertainty == null || !Double.isFinite(relativeUncertainty)) {
            return method;
        }
        return method + " ±" + percent(relativeUncertainty) + "%";
    }

    /** The distinct method labels of {@code results}, in order, joined with {@code " / "}. */
    public static String methodLabel(Collection<TaskModelResult> results) {
        Set<String> labels = new LinkedHashSet<>();
        results.forEach(r -> labels.add(methodLabel(r.energy())));
        return labels.isEmpty() ? "UNKNOWN METHOD" : String.join(" / ", labels);
    }

    /** Whether higher values of {@code accuracy}'s metric are better; true where the result does not say. */
    public static boolean higherIsBetter(Accuracy accuracy) {
        return accuracy == null || accuracy.higherIsBetter() == null || accuracy.higherIsBetter();
    }

    /** {@code bits/char (lower is better)} for a lower-is-better metric, else the metric's name. */
    public static String metricLabel(Accuracy accuracy) {
        if (accuracy == null) {
            return "n/a";
        }
        String metric = String.valueOf(accuracy.metric());
        return higherIsBetter(accuracy) ? metric : metric + " (lower is better)";
    }

    /**
     * Accuracy bought per kilojoule: {@code accuracy × 1000 / netJPerQuery} (see
     * {@link #ACCURACY_PER_KJ_DEFINITION}); empty where net J/query is not above zero, where the result has
     * no accuracy (random weights) and where its metric is lower-is-better (bits/char).
     */
    public static OptionalDouble accuracyPerKilojoule(TaskModelResult result) {
        Objects.requireNonNull(result, "result");
        if (result.accuracy() == null || !higherIsBetter(result.accuracy()) || result.energy() == null
                || result.energy().jPerQuery() == null) {
            return OptionalDouble.empty();
        }
        double joules = result.energy().jPerQuery().mean();
        double accuracy = result.accuracy().value();
        if (!(joules > 0) || !Double.isFinite(joules) || !Double.isFinite(accuracy)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(accuracy * 1000.0 / joules);
    }

    /** {@code 0.5} as {@code 50}, {@code 0.125} as {@code 12.5}: three significant digits, no exponent. */
    static String percent(double fraction) {
        return new BigDecimal(fraction * 100.0).round(new MathContext(3, RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toPlainString();
    }
}
