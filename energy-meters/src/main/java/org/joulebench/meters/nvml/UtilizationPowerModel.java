package org.joulebench.meters.nvml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joulebench.meters.Power;

/**
 * The last resort for a GPU board that reports neither an energy counter nor power readings
 * (some vGPU and cloud set-ups) but does report its utilisation: power estimated, not measured,
 * as a straight line between an idle and a full-load power,
 *
 * <pre>    P = P_idle + u_gpu × (P_max − P_idle)</pre>
 *
 * <ul>
 *   <li>{@code u_gpu} is the {@code gpu} field of {@code nvmlDeviceGetUtilizationRates}, as a
 *       fraction (values outside 0..100 % are clamped): the share of the driver's last sample
 *       period in which a kernel ran. It is a time share, not a load: one small kernel can read
 *       100 %; memory utilisation is not used.</li>
 *   <li>{@code P_max} is the board's enforced power limit ({@code nvmlDeviceGetEnforcedPowerLimit},
 *       read at open), or {@value #ASSUMED_MAX_WATTS} W, assumed, where it cannot be read.</li>
 *   <li>{@code P_idle} = {@value #IDLE_FRACTION} × {@code P_max}, an assumption: GPUs idle at
 *       roughly a quarter to a third of their limit.</li>
 * </ul>
 *
 * The meter samples this power as it would sample measured power and integrates it the same way;
 * the figures carry {@link org.joulebench.meters.Method#ESTIMATE} and a relative uncertainty of
 * {@value #RELATIVE_UNCERTAINTY} (±50 %).
 *
 * @param maxPower       P_max
 * @param idlePower      P_idle
 * @param maxPowerSource where P_max came from, in words
 * @param maxPowerRead   whether P_max is the board's limit as read (false: assumed)
 */
record UtilizationPowerModel(Power maxPower, Power idlePower, String maxPowerSource, boolean maxPowerRead) {

    static final double IDLE_FRACTION = 0.3;
    static final double ASSUMED_MAX_WATTS = 250.0;
    static final double RELATIVE_UNCERTAINTY = 0.5;
    private static final String ASSUMED_MAX = (long) ASSUMED_MAX_WATTS + " W";
    static final String FORMULA = "P = P_idle + u_gpu × (P_max − P_idle)";
    static final String LIMIT_FACT = "power_limit_w";

    /** The model of {@code device}, from the power limit read at open, else the assumed one. */
    static UtilizationPowerModel of(GpuDevice device) {
        if (device.facts().get(LIMIT_FACT) instanceof Double watts && watts > 0) {
            return new UtilizationPowerModel(Power.ofWatts(watts), Power.ofWatts(IDLE_FRACTION * watts),
                    "the enforced power limit (nvmlDeviceGetEnforcedPowerLimit)", true);
        }
        String why = device.factsUnreadable().stream().filter(f -> f.startsWith(LIMIT_FACT + ": "))
                .map(f -> "nvmlDeviceGetEnforcedPowerLimit: " + f.substring(LIMIT_FACT.length() + 2))
                .findFirst()
                .orElse("nvmlDeviceGetEnforcedPowerLimit read " + device.facts().get(LIMIT_FACT) + " W");
        return new UtilizationPowerModel(Power.ofWatts(ASSUMED_MAX_WATTS), Power.ofWatts(IDLE_FRACTION
                * ASSUMED_MAX_WATTS), "assumed: " + ASSUMED_MAX + ", as the power limit could"
                + " not be read (" + why + ")", false);
    }

    /** The estimated power at a GPU utilisation in percent, clamped to 0..100. */
    Power at(long gpuPercent) {
        double u = Math.min(100, Math.max(0, gpuPercent)) / 100.0;
        return Power.ofWatts(idlePower.watts() + u * (maxPower.watts() - idlePower.watts()));
    }

    /** This board's parameters, for its entry in the meter's details. */
    Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p_max_w", maxPower.watts());
        m.put("p_max_source", maxPowerSource);
        m.put("p_idle_w", idlePower.watts());
        return Collections.unmodifiableMap(m);
    }

    /** The model in words, for the meter's details: formula, assumptions and uncertainty. */
    static Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", "utilisation-linear GPU power model (ESTIMATE, not measured)");
        d.put("formula", FORMULA + "; energy = the trapezoid integral of P over the window");
        d.put("u_gpu", "nvmlDeviceGetUtilizationRates' gpu field as a fraction (clamped to 0..1): the share of the"
                + " driver's last sample period (1/6 s to 1 s, by product) in which a kernel ran; memory utilisation"
                + " is not used");
        d.put("p_max", "the board's enforced power limit (nvmlDeviceGetEnforcedPowerLimit, read at open), or "
                + ASSUMED_MAX + " assumed where it cannot be read");
        d.put("p_idle", "P_idle = " + IDLE_FRACTION + " × P_max");
        d.put("idle_fraction", IDLE_FRACTION);
        d.put("assumed_max_power_w", ASSUMED_MAX_WATTS);
        d.put("assumptions", List.of(
                "GPUs idle at roughly a quarter to a third of their power limit: P_idle = " + IDLE_FRACTION
                        + " × P_max",
                "a fully busy board draws its enforced power limit, and power rises linearly with utilisation"
                        + " between idle and full",
                "utilisation is a time share (some kernel ran), not a load: a light kernel reads as busy as a"
                        + " heavy one",
                "where the power limit cannot be read, P_max = " + ASSUMED_MAX + " is assumed"));
        d.put("relative_uncertainty", RELATIVE_UNCERTAINTY);
        d.put("uncertainty_note", "±50 %: no energy or power of these GPUs was measured; the power is a model of"
                + " their utilisation, whose idle share, limit and linearity vary by board and workload");
        return d;
    }
}
