package org.joulebench.meters.nvml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One physical GPU board as NVML showed it at open, identified by its UUID.
 *
 * @param index           the NVML index at which it was first seen
 * @param handle          its NVML handle, valid while the session is open
 * @param uuid            {@code GPU-…}, stable across reboots and index reordering
 * @param name            the product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param counterProblem  why its energy counter cannot be used; empty when it can
 * @param powerProblem    why its power cannot be read, where power was needed (some board lacks the
 *                        counter) and the board has no power readings; empty otherwise
 * @param migIndices      NVML indices of MIG instances reported as this board (empty when seen whole)
 * @param facts           power limit, memory, temperature, utilisation and clocks read at open
 * @param factsUnreadable facts that could not be read, each as {@code key: reason}
 */
record GpuDevice(int index, long handle, String uuid, String name, Optional<String> counterProblem,
                 Optional<String> powerProblem, List<Integer> migIndices, Map<String, Object> facts,
                 List<String> factsUnreadable) {

    GpuDevice {
        migIndices = List.copyOf(migIndices);
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        factsUnreadable = List.copyOf(factsUnreadable);
    }

    boolean hasCounter() {
        return counterProblem.isEmpty();
    }

    /** Whether the board has no power readings where they were needed. */
    boolean lacksPower() {
        return powerProblem.isPresent();
    }

    /** This board with its power readings found missing: {@code problem} says why. */
    GpuDevice withPowerProblem(String problem) {
        return new GpuDevice(index, handle, uuid, name, counterProblem, Optional.of(problem), migIndices, facts,
                factsUnreadable);
    }

    /** {@code GPU 0 (NVIDIA H200, GPU-…)}, for messages. */
    String label() {
        return "GPU " + index + " (" + name + ", " + uuid + ")";
    }
}
