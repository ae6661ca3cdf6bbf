package org.joulebench.harness;

import java.util.List;

/**
 * The drift canary as a run recorded it: fixed calibration kernels timed and metered at the start of the run,
 * between its repetitions and at its end. Two runs whose canaries differ were measured on a machine that changed
 * (another load, another clock, another host), whatever their code did. Null in results written before the
 * canary existed.
 *
 * @param meter        the id of the meter whose windows measured the probes
 * @param method       that meter's method ({@code COUNTER}, {@code POWER_INTEGRATION}, {@code ESTIMATE})
 * @param targetSeconds how long each probe of each kernel was sized to take
 * @param secondsAdded wall time the canary added to the run, calibration and all probes together
 * @param kernels      one entry per kernel
 */
public record Canary(String meter, String method, double targetSeconds, double secondsAdded,
                     List<Kernel> kernels) {

    public Canary {
        kernels = List.copyOf(kernels);
    }

    /**
     * One kernel's probes. The unit count is fixed once per run, at the start, so every probe of a run does the
     * same work; two runs are compared per unit.
     *
     * @param kernel               the kernel's id and version, e.g. {@code cpu-lcg-fma@1}
     * @param unit                 what one unit of work is
     * @param threads              the threads the work was spread over
     * @param units                units each probe did
     * @param probes               in the order taken
     * @param medianSecondsPerUnit the median over probes of wall seconds per unit: robust to one probe that a
     *                             burst of other load slowed
     * @param medianJoulesPerUnit  the same for joules per unit
     */
    public record Kernel(String kernel, String unit, int threads, long units, List<Probe> probes,
                         double medianSecondsPerUnit, double medianJoulesPerUnit) {

        public Kernel {
            probes = List.copyOf(probes);
        }

        /** A kernel's record with its medians worked out from {@code probes}, of which there must be one. */
        public static Kernel of(String kernel, String unit, int threads, long units, List<Probe> probes) {
            if (probes.isEmpty()) {
                throw new IllegalArgumentException("canary kernel " + kernel + " has no probe");
            }
            return new Kernel(kernel, unit, threads, units, probes,
                    median(probes.stream().mapToDouble(Probe::secondsPerUnit).toArray()),
                    median(probes.stream().mapToDouble(Probe::joulesPerUnit).toArray()));
        }

        private static double median(double[] values) {
            return Stats.percentile(values, 50);
        }
    }

    /**
     * One probe of one kernel, in its own meter window.
     *
     * @param at             when it was taken: {@code start}, {@code after repetition 1}, …, {@code end}
     * @param secondsPerUnit the window's wall time over the units done
     * @param joulesPerUnit  the window's energy (the meter's total) over the units done
     */
    public record Probe(String at, double secondsPerUnit, double joulesPerUnit) {
    }
}
