package org.joulebench.meters.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA bindings for the few NVML functions the meter calls, as declared in {@code nvml.h}. Every
 * function returns an {@code nvmlReturn_t}; {@link JnaNvml} turns codes into errors through
 * {@link NvmlReturn}. Unsigned C types arrive as Java {@code int}/{@code long} bits. A function the
 * loaded driver lacks throws {@link UnsatisfiedLinkError} at its first call, not at load.
 */
interface NvmlLibrary extends Library {

    int NVML_TEMPERATURE_GPU = 0;
    int NVML_DEVICE_NAME_V2_BUFFER_SIZE = 96;
    int NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96;

    int nvmlInit_v2();

    int nvmlShutdown();

    String nvmlErrorString(int result);

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    /** Millijoules since the driver was last reloaded (Volta and newer). */
    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energy);

    /** Milliwatts; on many boards an average over about one second. */
    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference power);

    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference limit);

    int nvmlDeviceGetUtilizationRates(Pointer device, NvmlUtilization utilization);

    int nvmlDeviceGetMemoryInfo(Pointer device, NvmlMemory memory);

    int nvmlDeviceGetClockInfo(Pointer device, int clockType, IntByReference clock);

    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference temp);

    /** Since driver 470 (MIG). */
    int nvmlDeviceIsMigDeviceHandle(Pointer device, IntByReference isMigDevice);

    /** Since driver 470 (MIG). */
    int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(Pointer migDevice, PointerByReference device);

    /** {@code nvmlUtilization_t}: percentages over the driver's last sample period. */
    @FieldOrder({"gpu", "memory"})
    class NvmlUtilization extends Structure {
        public int gpu;
        public int memory;
    }

    /** {@code nvmlMemory_t}: bytes. */
    @FieldOrder({"total", "free", "used"})
    class NvmlMemory extends Structure {
        public long total;
        public long free;
        public long used;
    }
}
