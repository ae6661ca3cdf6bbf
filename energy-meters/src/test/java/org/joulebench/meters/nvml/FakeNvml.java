package org.joulebench.meters.nvml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hand-written {@link Nvml} in plain Java, for the lifecycle rules: boards in slots (handle =
 * slot + 100), the first {@code count} of them enumerated, and any function made to fail with a
 * code (on every board or on one) or to be missing from the "driver". Counts init and shutdown calls.
 */
final class FakeNvml implements Nvml {

    static final class Board {
        String uuid;
        String name;
        long energyMj = 1_000;
        long powerMw = 50_000;
        long limitMw = 250_000;
        long gpuPercent = 10;
        int migParentSlot = -1;
        final Map<String, Integer> failures = new HashMap<>();

        Board(String uuid, String name) {
            this.uuid = uuid;
            this.name = name;
        }
    }

    final List<Board> slots = new ArrayList<>();
    int count;
    int inits;
    int shutdowns;
    int refs;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Set<String> missing = new HashSet<>();

    /** {@code n} boards, all enumerated. */
    static FakeNvml withBoards(int n) {
        FakeNvml fake = new FakeNvml();
        for (int i = 0; i < n; i++) {
            fake.slots.add(new Board("GPU-" + i, "Board " + i));
        }
        fake.count = n;
        return fake;
    }

    FakeNvml fail(String function, NvmlReturn code) {
        return fail(function, code.code());
    }

    FakeNvml fail(String function, int code) {
        failures.put(function, code);
        return this;
    }

    /** {@code function} fails with {@code code} on the board in {@code slot} only. */
    FakeNvml failOn(int slot, String function, NvmlReturn code) {
        slots.get(slot).failures.put(function, code.code());
        return this;
    }

    FakeNvml missing(String function) {
        missing.add(function);
        return this;
    }

    private void call(String function) throws NvmlException {
        if (missing.contains(function)) {
            throw NvmlException.missingFunction(function);
        }
        Integer code = failures.get(function);
        if (code != null) {
            throw new NvmlException(function, code, "fake says " + code);
        }
    }

    private Board board(String function, long handle) throws NvmlException {
        call(function);
        if (refs <= 0) {
            throw new NvmlException(function, NvmlReturn.UNINITIALIZED.code(), null);
        }
        Board board = slots.get((int) handle - 100);
        Integer code = board.failures.get(function);
        if (code != null) {
            throw new NvmlException(function, code, "fake says " + code);
        }
        return board;
    }

    @Override
    public void init() throws NvmlException {
        inits++;
        call("nvmlInit_v2");
        refs++;
    }

    @Override
    public void shutdown() throws NvmlException {
        shutdowns++;
        call("nvmlShutdown");
        refs--;
    }

    @Override
    public int deviceCount() throws NvmlException {
        call("nvmlDeviceGetCount_v2");
        return count;
    }

    @Override
    public long handleByIndex(int index) throws NvmlException {
        call("nvmlDeviceGetHandleByIndex_v2");
        return index + 100;
    }

    @Override
    public String name(long device) throws NvmlException {
        return board("nvmlDeviceGetName", device).name;
    }

    @Override
    public String uuid(long device) throws NvmlException {
        return board("nvmlDeviceGetUUID", device).uuid;
    }

    @Override
    public long totalEnergyMillijoules(long device) throws NvmlException {
        return board("nvmlDeviceGetTotalEnergyConsumption", device).energyMj;
    }

    @Override
    public long powerMilliwatts(long device) throws NvmlException {
        return board("nvmlDeviceGetPowerUsage", device).powerMw;
    }

    @Override
    public long enforcedPowerLimitMilliwatts(long device) throws NvmlException {
        return board("nvmlDeviceGetEnforcedPowerLimit", device).limitMw;
    }

    @Override
    public Utilization utilization(long device) throws NvmlException {
        return new Utilization(board("nvmlDeviceGetUtilizationRates", device).gpuPercent, 5);
    }

    @Override
    public MemoryInfo memory(long device) throws NvmlException {
        board("nvmlDeviceGetMemoryInfo", device);
        return new MemoryInfo(16L << 30, 12L << 30, 4L << 30);
    }

    @Override
    public long clockMhz(long device, int clockType) throws NvmlException {
        board("nvmlDeviceGetClockInfo", device);
        return 1_000 + clockType;
    }

    @Override
    public long temperatureCelsius(long device) throws NvmlException {
        board("nvmlDeviceGetTemperature", device);
        return 33;
    }

    @Override
    public boolean isMigDeviceHandle(long device) throws NvmlException {
        return board("nvmlDeviceIsMigDeviceHandle", device).migParentSlot >= 0;
    }

    @Override
    public long parentOfMigDevice(long migDevice) throws NvmlException {
        return board("nvmlDeviceGetDeviceHandleFromMigDeviceHandle", migDevice).migParentSlot + 100;
    }
}
