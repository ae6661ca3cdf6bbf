package org.joulebench.meters.nvml;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.joulebench.meters.MeterUnavailableException;

/**
 * {@link Nvml} over the native library: converts between JNA's types and plain Java, sends every
 * return code through {@link #check}, and turns a function the driver does not export (JNA's
 * {@link UnsatisfiedLinkError} at first call) into {@link NvmlException#missingFunction}. No rules
 * live here.
 */
final class JnaNvml implements Nvml {

    static final String NOT_FOUND_FIX = "install the NVIDIA driver (it provides libnvidia-ml.so.1), or point"
            + " --nvml-lib at it; in containers use the NVIDIA container toolkit (--gpus)";

    private final NvmlLibrary lib;

    private JnaNvml(NvmlLibrary lib) {
        this.lib = lib;
    }

    /**
     * Loads {@code library}: a path (anything with a slash) must exist; a bare name is searched for
     * by the system's loader.
     */
    static Nvml load(String library) throws MeterUnavailableException {
        boolean isPath = library.indexOf('/') >= 0;
        if (isPath && !Files.exists(Path.of(library))) {
            throw notFound(library, null);
        }
        try {
            return new JnaNvml(Native.load(library, NvmlLibrary.class));
        } catch (UnsatisfiedLinkError e) {
            if (!isPath) {
                throw notFound(library, e);
            }
            throw new MeterUnavailableException("NVML library " + library + " could not be loaded ("
                    + firstLine(e.getMessage()) + ")", NOT_FOUND_FIX, e);
        }
    }

    private static MeterUnavailableException notFound(String library, Throwable cause) {
        return new MeterUnavailableException("NVML library " + library + " not found (no NVIDIA driver installed)",
                NOT_FOUND_FIX, cause);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    /** One native call returning an {@code nvmlReturn_t}. */
    @FunctionalInterface
    private interface Call {
        int invoke();
    }

    private void check(String function, Call call) throws NvmlException {
        int code;
        try {
            code = call.invoke();
        } catch (UnsatisfiedLinkError e) {
            throw NvmlException.missingFunction(function);
        }
        if (code != NvmlReturn.SUCCESS.code()) {
            throw new NvmlException(function, code, errorString(code));
        }
    }

    /** The driver's words for a code; null when the driver has no nvmlErrorString. */
    private String errorString(int code) {
        try {
            return lib.nvmlErrorString(code);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    private static Pointer pointer(long device) {
        return new Pointer(device);
    }

    private static String text(byte[] buffer) {
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public void init() throws NvmlException {
        check("nvmlInit_v2", lib::nvmlInit_v2);
    }

    @Override
    public void shutdown() throws NvmlException {
        check("nvmlShutdown", lib::nvmlShutdown);
    }

    @Override
    public int deviceCount() throws NvmlException {
        IntByReference count = new IntByReference();
        check("nvmlDeviceGetCount_v2", () -> lib.nvmlDeviceGetCount_v2(count));
        return count.getValue();
    }

    @Override
    public long handleByIndex(int index) throws NvmlException {
        PointerByReference device = new PointerByReference();
        check("nvmlDeviceGetHandleByIndex_v2", () -> lib.nvmlDeviceGetHandleByIndex_v2(index, device));
        return Pointer.nativeValue(device.getValue());
    }

    @Override
    public String name(long device) throws NvmlException {
        byte[] buffer = new byte[NvmlLibrary.NVML_DEVICE_NAME_V2_BUFFER_SIZE];
        check("nvmlDeviceGetName", () -> lib.nvmlDeviceGetName(pointer(device), buffer, buffer.length));
        return text(buffer);
    }

    @Override
    public String uuid(long device) throws NvmlException {
        byte[] buffer = new byte[NvmlLibrary.NVML_DEVICE_UUID_V2_BUFFER_SIZE];
        check("nvmlDeviceGetUUID", () -> lib.nvmlDeviceGetUUID(pointer(device), buffer, buffer.length));
        return text(buffer);
    }

    @Override
    public long totalEnergyMillijoules(long device) throws NvmlException {
        LongByReference energy = new LongByReference();
        check("nvmlDeviceGetTotalEnergyConsumption",
                () -> lib.nvmlDeviceGetTotalEnergyConsumption(pointer(device), energy));
        return energy.getValue();
    }

    @Override
    public long powerMilliwatts(long device) throws NvmlException {
        IntByReference power = new IntByReference();
        check("nvmlDeviceGetPowerUsage", () -> lib.nvmlDeviceGetPowerUsage(pointer(device), power));
        return Integer.toUnsignedLong(power.getValue());
    }

    @Override
    public long enforcedPowerLimitMilliwatts(long device) throws NvmlException {
        IntByReference limit = new IntByReference();
        check("nvmlDeviceGetEnforcedPowerLimit", () -> lib.nvmlDeviceGetEnforcedPowerLimit(pointer(device), limit));
        return Integer.toUnsignedLong(limit.getValue());
    }

    @Override
    public Utilization utilization(long device) throws NvmlException {
        NvmlLibrary.NvmlUtilization u = new NvmlLibrary.NvmlUtilization();
        check("nvmlDeviceGetUtilizationRates", () -> lib.nvmlDeviceGetUtilizationRates(pointer(device), u));
        return new Utilization(Integer.toUnsignedLong(u.gpu), Integer.toUnsignedLong(u.memory));
    }

    @Override
    public MemoryInfo memory(long device) throws NvmlException {
        NvmlLibrary.NvmlMemory m = new NvmlLibrary.NvmlMemory();
        check("nvmlDeviceGetMemoryInfo", () -> lib.nvmlDeviceGetMemoryInfo(pointer(device), m));
        return new MemoryInfo(m.total, m.free, m.used);
    }

    @Override
    public long clockMhz(long device, int clockType) throws NvmlException {
        IntByReference clock = new IntByReference();
        check("nvmlDeviceGetClockInfo", () -> lib.nvmlDeviceGetClockInfo(pointer(device), clockType, clock));
        return Integer.toUnsignedLong(clock.getValue());
    }

    @Override
    public long temperatureCelsius(long device) throws NvmlException {
        IntByReference temp = new IntByReference();
        check("nvmlDeviceGetTemperature",
                () -> lib.nvmlDeviceGetTemperature(pointer(device), NvmlLibrary.NVML_TEMPERATURE_GPU, temp));
        return Integer.toUnsignedLong(temp.getValue());
    }

    @Override
    public boolean isMigDeviceHandle(long device) throws NvmlException {
        IntByReference isMig = new IntByReference();
        check("nvmlDeviceIsMigDeviceHandle", () -> lib.nvmlDeviceIsMigDeviceHandle(pointer(device), isMig));
        return isMig.getValue() != 0;
    }

    @Override
    public long parentOfMigDevice(long migDevice) throws NvmlException {
        PointerByReference parent = new PointerByReference();
        check("nvmlDeviceGetDeviceHandleFromMigDeviceHandle",
                () -> lib.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(pointer(migDevice), parent));
        return Pointer.nativeValue(parent.getValue());
    }
}
