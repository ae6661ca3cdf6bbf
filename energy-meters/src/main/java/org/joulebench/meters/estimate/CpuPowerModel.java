package org.joulebench.meters.estimate;

import java.time.Duration;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Power;

/**
 * Cloud Carbon Footprint's linear CPU power model, applied to one process. CCF estimates average
 * power as {@code vCPUs × (min + utilisation × (max − min))}. Over a window of wall time {@code t}
 * in which the process used CPU time {@code c}, utilisation × vCPUs × t = c, so the energy is
 * {@code E = min × vCPUs × t + (max − min) × c}. The first term is the host's idle share, which
 * the harness removes with its measured idle baseline; the second is what the work added.
 *
 * @param minPerVcpu power per vCPU at idle
 * @param maxPerVcpu power per vCPU at full load
 * @param vcpus      logical processors of the host
 */
record CpuPowerModel(Power minPerVcpu, Power maxPerVcpu, int vcpus) {

    CpuPowerModel {
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1, was " + vcpus);
        }
        if (maxPerVcpu.watts() < minPerVcpu.watts()) {
            throw new IllegalArgumentException("max power per vCPU " + maxPerVcpu + " is below min " + minPerVcpu);
        }
    }

    static CpuPowerModel of(CcfCpuRow row, int vcpus) {
        return new CpuPowerModel(row.minPerVcpu(), row.maxPerVcpu(), vcpus);
    }

    Energy energy(Duration wall, Duration processCpu) {
        Energy idle = minPerVcpu.times(wall).times(vcpus);
        Energy active = Power.ofWatts(maxPerVcpu.watts() - minPerVcpu.watts()).times(processCpu);
        return idle.plus(active);
    }
}
