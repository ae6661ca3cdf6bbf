package org.joulebench.meters.nvml;

import org.joulebench.meters.MeterUnavailableException;

/**
 * The NVML calls the meter makes, in plain Java: the seam between the lifecycle and measuring
 * rules ({@link NvmlSession}, {@link NvmlMeter}) and the native library ({@link JnaNvml}), so that
 * the rules can be tested with a hand-written fake as well as with a fake native library.
 * Device handles are opaque numbers, valid between {@link #init} and {@link #shutdown}. Every
 * method throws {@link NvmlException} for a code other than {@code NVML_SUCCESS}, and for a
 * function the driver does not export.
 */
interface Nvml {

    int CLOCK_GRAPHICS = 0;
    int CLOCK_SM = 1;
    int CLOCK_MEM = 2;

    /** {@code nvmlInit_v2}: one reference; each successful call needs one {@link #shutdown}. */
    void init() throws NvmlException;

    /** {@code nvmlShutdown}: drops the reference {@link #init} took. */
    void shutdown() throws NvmlException;

    int deviceCount() throws NvmlException;

    long handleByIndex(int index) throws NvmlException;

    String name(long device) throws NvmlException;

    String uuid(long device) throws NvmlException;

    /** The board's energy counter in millijoules (unsigned; Volta and newer). */
    long totalEnergyMillijoules(long device) throws NvmlException;

    /** The board's power draw in milliwatts (unsigned). */
    long powerMilliwatts(long device) throws NvmlException;

    long enforcedPowerLimitMilliwatts(long device) throws NvmlException;

    Utilization utilization(long device) throws NvmlException;

    MemoryInfo memory(long device) throws NvmlException;

    long clockMhz(long device, int clockType) throws NvmlException;

    long temperatureCelsius(long device) throws NvmlException;

    boolean isMigDeviceHandle(long device) throws NvmlException;

    /** The physical GPU a MIG instance's handle belongs to. */
    long parentOfMigDevice(long migDevice) throws NvmlException;

    /** GPU and memory-controller busy percentages. */
    record Utilization(long gpuPercent, long memoryPercent) {
    }

    /** Frame-buffer memory in bytes. */
    record MemoryInfo(long totalBytes, long freeBytes, long usedBytes) {
    }

    /** Loads NVML from a library path or name; says why and what to do when it cannot. */
    @FunctionalInterface
    interface Loader {
        Nvml load(String library) throws MeterUnavailableException;
    }
}
