package org.joulebench.meters.nvml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Method;

/**
 * NVML initialized once and the GPUs found under it: the lifecycle rules in plain Java. Opening
 * calls {@code nvmlInit_v2}, finds the boards (a MIG instance counts as its parent board, each
 * board once by UUID) and proves that each can be measured, by a trial read of its energy
 * counter or, where some board lacks that, of every board's power or, where some board lacks
 * that too (some vGPU and cloud set-ups), of every board's utilisation, from which power is then
 * estimated ({@link UtilizationPowerModel}). One method serves every board: {@link #method()}.
 * Whatever fails after init shuts NVML down again before the reason is thrown, and {@link #close}
 * shuts it down exactly once: init and shutdown stay balanced on every path.
 */
final class NvmlSession implements AutoCloseable {

    static final String NO_GPU_FIX = "check that `nvidia-smi -L` lists a GPU; in containers pass --gpus all"
            + " (NVIDIA container toolkit) or set NVIDIA_VISIBLE_DEVICES";
    static final String DEVICE_FIX = "check the GPU with `nvidia-smi -q`; or choose another meter with --meter";
    static final String NO_POWER_FIX = "this GPU reports neither energy, power nor utilisation through NVML; measure"
            + " it another way or choose --meter estimate";
    static final String COUNTER_FUNCTION = "nvmlDeviceGetTotalEnergyConsumption";

    private final Nvml nvml;
    private final String library;
    private final List<GpuDevice> devices;
    private final List<String> driverNotes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile NvmlException shutdownFailure;

    private NvmlSession(Nvml nvml, String library, List<GpuDevice> devices, List<String> driverNotes) {
        this.nvml = nvml;
        this.library = library;
        this.devices = List.copyOf(devices);
        this.driverNotes = List.copyOf(driverNotes);
    }

    /** Initializes NVML and finds the GPUs; throws with the reason and the fix when they cannot be measured. */
    static NvmlSession open(Nvml nvml, String library) throws MeterUnavailableException {
        try {
            nvml.init();
        } catch (NvmlException e) {
            throw new MeterUnavailableException("NVML (" + library + ") could not start: " + e.getMessage(),
                    NvmlReturn.fixFor(e.code(), DEVICE_FIX), e);
        }
        try {
            List<String> notes = new ArrayList<>();
            List<GpuDevice> devices = scan(nvml, library, notes);
            return new NvmlSession(nvml, library, devices, notes);
        } catch (MeterUnavailableException | RuntimeException | Error e) {
            try {
                nvml.shutdown();
            } catch (NvmlException shutdown) {
                e.addSuppressed(shutdown);
            }
            throw e;
        }
    }

    private static List<GpuDevice> scan(Nvml nvml, String library, List<String> notes)
            throws MeterUnavailableException {
        int count;
        try {
            count = nvml.deviceCount();
        } catch (NvmlException e) {
            throw new MeterUnavailableException("NVML (" + library + ") cannot count the GPUs: " + e.getMessage(),
                    NvmlReturn.fixFor(e.code(), NO_GPU_FIX), e);
        }
        if (count <= 0) {
            throw new MeterUnavailableException("NVML (" + library + ") found no GPU (nvmlDeviceGetCount_v2"
                    + " returned " + count + ")", NO_GPU_FIX);
        }
        Map<String, Found> byUuid = new LinkedHashMap<>();
        boolean migQueryable = true;
        for (int i = 0; i < count; i++) {
            int index = i;
            long handle = call("GPU " + i, () -> nvml.handleByIndex(index));
            boolean mig = false;
            if (migQueryable) {
                try {
                    mig = nvml.isMigDeviceHandle(handle);
                } catch (NvmlException e) {
                    if (!e.isMissingFunction() && !e.is(NvmlReturn.NOT_SUPPORTED)) {
                        throw unavailable("GPU " + i, e);
                    }
                    migQueryable = !e.isMissingFunction();
                    if (e.isMissingFunction()) {
                        notes.add(e.getMessage() + ": every handle is taken as a whole GPU (MIG needs driver 470+)");
                    }
                }
            }
            if (mig) {
                long migHandle = handle;
                handle = call("GPU " + i + " is a MIG instance, and its parent GPU cannot be found",
                        () -> nvml.parentOfMigDevice(migHandle));
            }
            long board = handle;
            String uuid = call("GPU " + i, () -> nvml.uuid(board));
            Found found = byUuid.get(uuid);
            if (found == null) {
                found = new Found(i, board, uuid, call("GPU " + i, () -> nvml.name(board)));
                byUuid.put(uuid, found);
            }
            if (mig) {
                found.migIndices.add(i);
            }
        }
        List<GpuDevice> devices = new ArrayList<>();
        for (Found f : byUuid.values()) {
            devices.add(new GpuDevice(f.index, f.handle, f.uuid, f.name, counterProblem(nvml, f), Optional.empty(),
                    f.migIndices, facts(nvml, f.handle, f.unreadable), f.unreadable));
        }
        if (devices.stream().allMatch(GpuDevice::hasCounter)) {
            return devices;
        }
        for (int i = 0; i < devices.size(); i++) {
            GpuDevice d = devices.get(i);
            try {
                nvml.powerMilliwatts(d.handle());
            } catch (NvmlException e) {
                if (!lacksFunction(e)) {
                    throw new MeterUnavailableException(d.label() + " has no usable energy counter ("
                            + d.counterProblem().orElse("another GPU lacks one") + ") and its power cannot be read: "
                            + e.getMessage(), NvmlReturn.fixFor(e.code(), NO_POWER_FIX), e);
                }
                devices.set(i, d.withPowerProblem(e.getMessage()));
            }
        }
        if (devices.stream().anyMatch(GpuDevice::lacksPower)) {
            for (GpuDevice d : devices) {
                try {
                    nvml.utilization(d.handle());
                } catch (NvmlException e) {
                    throw new MeterUnavailableException(d.label() + ": its utilisation cannot be read, so its power"
                            + " cannot even be estimated: " + e.getMessage() + " (the estimate is the last resort, as "
                            + withoutEnergyOrPower(devices) + ")", NvmlReturn.fixFor(e.code(), NO_POWER_FIX), e);
                }
            }
        }
        return devices;
    }

    /** The board does not have the feature at all, as opposed to an error that may be fixed. */
    private static boolean lacksFunction(NvmlException e) {
        return e.isMissingFunction() || e.is(NvmlReturn.NOT_SUPPORTED);
    }

    /** The boards that make a method impossible, each with why: no counter, no power readings, or both. */
    private static String withoutEnergyOrPower(List<GpuDevice> devices) {
        return devices.stream().filter(d -> !d.hasCounter() || d.lacksPower()).map(d -> {
            List<String> lacks = new ArrayList<>();
            d.counterProblem().ifPresent(p -> lacks.add("no energy counter (" + p + ")"));
            d.powerProblem().ifPresent(p -> lacks.add("no power readings (" + p + ")"));
            return d.label() + " has " + String.join(" and ", lacks);
        }).collect(Collectors.joining("; "));
    }

    /** A board while the scan collects it. */
    private static final class Found {
        final int index;
        final long handle;
        final String uuid;
        final String name;
        final List<Integer> migIndices = new ArrayList<>();
        final List<String> unreadable = new ArrayList<>();

        Found(int index, long handle, String uuid, String name) {
            this.index = index;
            this.handle = handle;
            this.uuid = uuid;
            this.name = name;
        }

        String label() {
            return "GPU " + index + " (" + name + ", " + uuid + ")";
        }
    }

    /** The trial read of the energy counter: empty when it works, else why not. Other errors fail the open. */
    private static Optional<String> counterProblem(Nvml nvml, Found f) throws MeterUnavailableException {
        try {
            nvml.totalEnergyMillijoules(f.handle);
            return Optional.empty();
        } catch (NvmlException e) {
            if (e.isMissingFunction()) {
                return Optional.of(COUNTER_FUNCTION + " not in this driver");
            }
            if (e.is(NvmlReturn.NOT_SUPPORTED)) {
                return Optional.of(e.getMessage() + " on " + f.label() + " (the counter needs Volta or newer)");
            }
            throw unavailable(f.label(), e);
        }
    }

    private static Map<String, Object> facts(Nvml nvml, long handle, List<String> unreadable) {
        Map<String, Object> facts = new LinkedHashMap<>();
        fact(facts, unreadable, "power_limit_w", () -> nvml.enforcedPowerLimitMilliwatts(handle) / 1000.0);
        fact(facts, unreadable, "memory_total_bytes", () -> nvml.memory(handle).totalBytes());
        fact(facts, unreadable, "temperature_c", () -> nvml.temperatureCelsius(handle));
        try {
            Nvml.Utilization u = nvml.utilization(handle);
            facts.put("utilization_gpu_percent", u.gpuPercent());
            facts.put("utilization_memory_percent", u.memoryPercent());
        } catch (NvmlException e) {
            unreadable.add("utilization: " + e.shortReason());
        }
        fact(facts, unreadable, "graphics_clock_mhz", () -> nvml.clockMhz(handle, Nvml.CLOCK_GRAPHICS));
        fact(facts, unreadable, "sm_clock_mhz", () -> nvml.clockMhz(handle, Nvml.CLOCK_SM));
        fact(facts, unreadable, "memory_clock_mhz", () -> nvml.clockMhz(handle, Nvml.CLOCK_MEM));
        return facts;
    }

    @FunctionalInterface
    private interface NvmlCall<T> {
        T get() throws NvmlException;
    }

    /** A fact for the details: its value, or its key and reason in {@code unreadable}; never a made-up 0. */
    private static void fact(Map<String, Object> facts, List<String> unreadable, String key, NvmlCall<Object> call) {
        try {
            facts.put(key, call.get());
        } catch (NvmlException e) {
            unreadable.add(key + ": " + e.shortReason());
        }
    }

    private static <T> T call(String what, NvmlCall<T> call) throws MeterUnavailableException {
        try {
            return call.get();
        } catch (NvmlException e) {
            throw unavailable(what, e);
        }
    }

    private static MeterUnavailableException unavailable(String what, NvmlException e) {
        return new MeterUnavailableException(what + ": " + e.getMessage(), NvmlReturn.fixFor(e.code(), DEVICE_FIX), e);
    }

    Nvml nvml() {
        return nvml;
    }

    String library() {
        return library;
    }

    List<GpuDevice> devices() {
        return devices;
    }

    /** What the driver lacks, in words for the details. */
    List<String> driverNotes() {
        return driverNotes;
    }

    /**
     * COUNTER when every board has the energy counter; otherwise POWER_INTEGRATION when every board
     * has power readings; otherwise ESTIMATE (from utilisation). Always one method for all boards.
     */
    Method method() {
        if (devices.stream().allMatch(GpuDevice::hasCounter)) {
            return Method.COUNTER;
        }
        return devices.stream().anyMatch(GpuDevice::lacksPower) ? Method.ESTIMATE : Method.POWER_INTEGRATION;
    }

    /** The boards that need the estimate (no counter, no power), or that force it on the others. */
    List<GpuDevice> estimatedBecause() {
        return method() == Method.ESTIMATE
                ? devices.stream().filter(d -> !d.hasCounter() || d.lacksPower()).toList()
                : List.of();
    }

    /** Why the method is power integration or an estimate; empty for COUNTER. */
    Optional<String> methodReason() {
        if (method() == Method.ESTIMATE) {
            boolean all = devices.stream().allMatch(d -> !d.hasCounter() && d.lacksPower());
            return Optional.of(withoutEnergyOrPower(devices) + "; so every GPU's power is estimated from its"
                    + " utilisation (ESTIMATE, not measured)" + (all ? "" : ", and methods are never mixed"));
        }
        List<String> problems = devices.stream().filter(d -> !d.hasCounter())
                .map(d -> d.label() + ": " + d.counterProblem().orElseThrow()).toList();
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(problems.stream().collect(Collectors.joining("; "))
                + (problems.size() < devices.size()
                        ? "; so every GPU is measured by power integration, and methods are never mixed"
                        : ""));
    }

    /** Why nvmlShutdown failed at close, if it did. */
    Optional<NvmlException> shutdownFailure() {
        return Optional.ofNullable(shutdownFailure);
    }

    /** Calls {@code nvmlShutdown} once; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                nvml.shutdown();
            } catch (NvmlException e) {
                shutdownFailure = e;
            }
        }
    }
}
