package org.joulebench.reports;

import java.util.OptionalDouble;

import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;

/**
 * The figures readers of energy benchmarks expect, derived from a result's net joules per query so that
 * every format of the cross-run report agrees: Wh per 1,000 queries (as Hugging Face's AI Energy Score
 * publishes), joules per correct answer, and gCO2e per 1,000 queries by a declared {@link Carbon}
 * conversion. Each is empty where it has no meaning, never 0.
 */
public final class CrossRunFigures {

    /** Definitions in words, for the report's methods section. */
    public static final String WH_PER_1000_DEFINITION = "Wh per 1,000 queries = net J per query × 1000 / 3600"
            + " (the unit of Hugging Face's AI Energy Score); given only where net J per query is above zero.";
    public static final String J_PER_CORRECT_DEFINITION = "J per correct answer = net J per query / accuracy, for"
            + " fraction-correct metrics where higher is better (accuracy@1); its interval, where given, is"
            + " [J low / accuracy high, J high / accuracy low], the widest the two 95% intervals allow. Not given"
            + " for lower-is-better metrics (bits/char), random weights, an accuracy of 0, or net J per query at"
            + " or below 0.";

    private CrossRunFigures() {
    }

    /** Net J per query, where it is above zero (a net figure at or below zero lies within idle noise). */
    public static OptionalDouble joulesPerQuery(TaskModelResult r) {
        Stat j = r.energy() == null ? null : r.energy().jPerQuery();
        return j != null && Double.isFinite(j.mean()) && j.mean() > 0 ? OptionalDouble.of(j.mean())
                : OptionalDouble.empty();
    }

    /** Net Wh per 1,000 queries; empty where net J per query is not above zero. */
    public static OptionalDouble whPer1000Queries(TaskModelResult r) {
        OptionalDouble j = joulesPerQuery(r);
        return j.isPresent() ? OptionalDouble.of(j.getAsDouble() * 1000 / 3600) : OptionalDouble.empty();
    }

    /** gCO2e per 1,000 queries by {@code carbon}; empty without a conversion or a positive net J per query. */
    public static OptionalDouble gramsPer1000Queries(TaskModelResult r, Carbon carbon) {
        OptionalDouble j = joulesPerQuery(r);
        return carbon != null && j.isPresent() ? OptionalDouble.of(carbon.grams(j.getAsDouble() * 1000))
                : OptionalDouble.empty();
    }

    /** Net J per correct answer with its widest interval (bounds NaN where they cannot be given); or null. */
    public static Stat joulesPerCorrect(TaskModelResult r) {
        OptionalDouble j = joulesPerQuery(r);
        if (j.isEmpty() || r.accuracy() == null || !Figures.higherIsBetter(r.accuracy())) {
            return null;
        }
        double accuracy = r.accuracy().value();
        if (!(accuracy > 0) || accuracy > 1 || !Double.isFinite(accuracy)) {
            return null;
        }
        Stat e = r.energy().jPerQuery();
        double lo = Double.NaN;
        double hi = Double.NaN;
        var ci = r.accuracy().ci95();
        if (ci != null && ci.size() == 2 && ci.get(0) != null && ci.get(1) != null) {
            double accLo = ci.get(0);
            double accHi = ci.get(1);
            if (accHi > 0 && e.lo() > 0) {
                lo = e.lo() / accHi;
            }
            if (accLo > 0 && e.hi() > 0) {
                hi = e.hi() / accLo;
            }
        }
        return Stat.of(j.getAsDouble() / accuracy, lo, hi, e.n(), e.basis());
    }
}
