package org.joulebench.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How far the machine moved between two runs, by their drift canaries: for each kernel both ran (same kernel,
 * same threads), current / baseline of the median time per unit and of the median energy per unit. Either
 * {@link Measured} or, where a run has no canary or the canaries share no kernel, {@link Unchecked} with the
 * reason.
 */
public sealed interface CanaryDrift permits CanaryDrift.Measured, CanaryDrift.Unchecked {

    /** The canary ratios of {@code current} against {@code baseline}, or why there are none. */
    static CanaryDrift between(RunResult baseline, RunResult current) {
        Canary b = baseline.canary();
        Canary c = current.canary();
        if (b == null || c == null) {
            String which = b == null && c == null ? "neither run has a canary"
                    : (b == null ? "the baseline" : "the current") + " run has no canary";
            List<String> versions = new ArrayList<>();
            if (b == null) {
                versions.add(version(baseline));
            }
            if (c == null) {
                versions.add(version(current));
            }
            return new Unchecked(which + ": written before Joulebench recorded one (by "
                    + String.join(" and ", versions.stream().distinct().toList()) + ")");
        }
        boolean sameMethod = b.method() != null && b.method().equals(c.method());
        List<KernelRatio> ratios = new ArrayList<>();
        for (Canary.Kernel kb : b.kernels()) {
            for (Canary.Kernel kc : c.kernels()) {
                if (kb.kernel().equals(kc.kernel()) && kb.threads() == kc.threads()) {
                    ratios.add(new KernelRatio(kb.kernel(), kb.medianSecondsPerUnit(), kc.medianSecondsPerUnit(),
                            sameMethod ? kb.medianJoulesPerUnit() : Double.NaN,
                            sameMethod ? kc.medianJoulesPerUnit() : Double.NaN));
                }
            }
        }
        if (ratios.isEmpty()) {
            return new Unchecked("the runs' canaries share no kernel (baseline " + kernels(b) + "; current "
                    + kernels(c) + ")");
        }
        return new Measured(ratios, sameMethod ? null : "energy not compared: the canaries were metered by "
                + b.method() + " and " + c.method());
    }

    private static String version(RunResult r) {
        return r.run() == null || r.run().version() == null ? "an unknown version" : r.run().version();
    }

    private static String kernels(Canary c) {
        return c.kernels().isEmpty() ? "none" : c.kernels().stream()
                .map(k -> k.kernel() + " on " + k.threads() + " thread(s)").collect(Collectors.joining(", "));
    }

    /**
     * The canary ratios.
     *
     * @param kernels one per kernel both runs measured
     * @param note    what a reader should know (energy left out because the meters' methods differ), or null
     */
    record Measured(List<KernelRatio> kernels, String note) implements CanaryDrift {

        public Measured {
            if (kernels.isEmpty()) {
                throw new IllegalArgumentException("a measured drift needs at least one kernel");
            }
            kernels = List.copyOf(kernels);
        }

        /** The kernel whose time or energy per unit moved most. */
        public KernelRatio largest() {
            return kernels.stream().max(Comparator.comparingDouble(k -> Math.abs(k.change()))).orElseThrow();
        }

        /** Every kernel's ratios, e.g. {@code cpu-lcg-fma@1 time ×1.012, energy ×1.008; …}. */
        public String figures() {
            return kernels.stream().map(KernelRatio::figures).collect(Collectors.joining("; "));
        }
    }

    /** Drift could not be checked, and why. */
    record Unchecked(String reason) implements CanaryDrift {
    }

    /**
     * One kernel's medians on both sides.
     *
     * @param baselineJoulesPerUnit NaN where the energy of the two runs is not comparable (different methods)
     * @param currentJoulesPerUnit  the same
     */
    record KernelRatio(String kernel, double baselineSecondsPerUnit, double currentSecondsPerUnit,
                       double baselineJoulesPerUnit, double currentJoulesPerUnit) {

        /** Current / baseline of the median seconds per unit: above 1 the machine got slower. */
        public double timeRatio() {
            return currentSecondsPerUnit / baselineSecondsPerUnit;
        }

        /** Current / baseline of the median joules per unit; NaN where energy was not compared. */
        public double energyRatio() {
            return currentJoulesPerUnit / baselineJoulesPerUnit;
        }

        /**
         * The larger in size of the time and the energy change (ratio − 1), with its sign: 0.12 = 12 % more time or
         * energy per unit of the same work.
         */
        public double change() {
            double t = timeRatio() - 1;
            double e = energyRatio() - 1;
            return Double.isNaN(e) || Math.abs(t) >= Math.abs(e) ? t : e;
        }

        String figures() {
            return String.format(Locale.ROOT, "%s time ×%.3f (%s → %s s/unit)", kernel, timeRatio(),
                    sig(baselineSecondsPerUnit), sig(currentSecondsPerUnit))
                    + (Double.isNaN(energyRatio()) ? "" : String.format(Locale.ROOT, ", energy ×%.3f (%s → %s J/unit)",
                    energyRatio(), sig(baselineJoulesPerUnit), sig(currentJoulesPerUnit)));
        }

        private static String sig(double v) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
    }
}
