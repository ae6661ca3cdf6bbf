package org.joulebench.meters.msr;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Power;
import org.joulebench.meters.msr.CpuInfo.CpuModel;
import org.joulebench.meters.msr.MsrCounters.VendorChoice;
import org.joulebench.meters.msr.Register.Scope;

/**
 * Finds the MSR devices, chooses one CPU per package (the lowest-numbered, from the sysfs
 * topology), reads each package's energy unit and proves every counter can be read, or says why
 * not and what to do. A register that cannot be read (the kernel answers EIO) or reads 0 is
 * absent; only the unit and package registers are required.
 */
final class MsrScanner {

    static final String NO_DEVICES_FIX = "load the driver: `sudo modprobe msr`; reading needs root (or"
            + " CAP_SYS_RAWIO); in containers pass --device /dev/cpu; or use --meter rapl (powercap) / estimate";
    static final String PERMISSION_FIX_FORMAT = "run as root (MSR reads need CAP_SYS_RAWIO and read access to"
            + " %s/*/msr); in containers add --cap-add SYS_RAWIO --device /dev/cpu;"
            + " or use --meter rapl (powercap) / estimate";
    static final String VENDOR_FIX = "pass --cpu-vendor intel|amd if this CPU has Intel's or AMD's RAPL MSRs;"
            + " or use --meter rapl (powercap) / estimate";
    static final String TOPOLOGY_FIX = "mount sysfs so that the CPU topology (cpu*/topology under"
            + " /sys/devices/system/cpu) can be read; or use --meter rapl (powercap) / estimate";
    static final String NO_RAPL_FIX_FORMAT = "this CPU (or VM) has no %s RAPL MSRs: check --cpu-vendor;"
            + " or use --meter rapl (powercap) / estimate";

    private static final String OPERATION_NOT_PERMITTED = "Operation not permitted";

    private final MsrAccess access;
    private final CpuInfo cpuInfo;

    MsrScanner(MsrAccess access, CpuInfo cpuInfo) {
        this.access = access;
        this.cpuInfo = cpuInfo;
    }

    MsrCounters scan(MeterConfig config) throws MeterUnavailableException {
        Path root = config.msrRoot();
        List<Integer> cpus = listCpus(root);
        VendorChoice vendor = chooseVendor(config);
        Optional<CpuModel> model = cpuModel();
        Map<Integer, List<Integer>> cpusByPackage = packages(config.cpuSysRoot(), cpus);
        Map<Integer, MsrAccess.Device> open = new LinkedHashMap<>();
        try {
            MsrCounters counters = readCounters(root, config.cpuSysRoot(), vendor, model, cpusByPackage, open);
            closeUnused(open, counters);
            return counters;
        } catch (MeterUnavailableException | RuntimeException e) {
            closeAll(open, e);
            throw e;
        }
    }

    /** The CPUs with a {@code N/msr} device, in numeric order. */
    private static List<Integer> listCpus(Path root) throws MeterUnavailableException {
        String none = noDevicesReason(root);
        if (!Files.isDirectory(root)) {
            throw new MeterUnavailableException(none, NO_DEVICES_FIX);
        }
        List<Integer> cpus;
        try (Stream<Path> list = Files.list(root)) {
            cpus = list.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Files.exists(p.resolve("msr")))
                    .map(p -> Integer.parseInt(p.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new MeterUnavailableException("cannot list " + root + ": " + describe(e), NO_DEVICES_FIX, e);
        }
        if (cpus.isEmpty()) {
            throw new MeterUnavailableException(none, NO_DEVICES_FIX);
        }
        return cpus;
    }

    static String noDevicesReason(Path root) {
        return "no MSR devices at " + root + "/*/msr";
    }

    private VendorChoice chooseVendor(MeterConfig config) throws MeterUnavailableException {
        Optional<String> override = config.cpuVendorOverride();
        if (override.isPresent()) {
            return new VendorChoice(Vendor.ofId(override.get()), true, "--cpu-vendor " + override.get());
        }
        String text;
        try {
            text = cpuInfo.read();
        } catch (IOException e) {
            throw new MeterUnavailableException("cannot read " + CpuInfo.PROC_CPUINFO + " to tell Intel from AMD: "
                    + describe(e), VENDOR_FIX, e);
        }
        String vendorId = CpuInfo.vendorId(text).orElseThrow(() -> new MeterUnavailableException(
                "no vendor_id in " + CpuInfo.PROC_CPUINFO + " (not an x86 CPU?)", VENDOR_FIX));
        Vendor vendor = Vendor.ofVendorId(vendorId).orElseThrow(() -> new MeterUnavailableException(
                "unknown CPU vendor '" + vendorId + "' in " + CpuInfo.PROC_CPUINFO + ": no known RAPL MSRs",
                VENDOR_FIX));
        return new VendorChoice(vendor, false, CpuInfo.PROC_CPUINFO + " vendor_id " + vendorId);
    }

    /**
     * The CPU's vendor, family and model from {@code /proc/cpuinfo}, also under {@code --cpu-vendor};
     * empty when it cannot be read or says less. Only sharpens the units (Intel's server DRAM unit),
     * so its absence is no failure.
     */
    private Optional<CpuModel> cpuModel() {
        try {
            return CpuInfo.model(cpuInfo.read());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** CPUs by {@code physical_package_id}, both in numeric order: the first CPU of each is its leader. */
    private static Map<Integer, List<Integer>> packages(Path sysRoot, List<Integer> cpus)
            throws MeterUnavailableException {
        Map<Integer, List<Integer>> byPackage = new TreeMap<>();
        for (int cpu : cpus) {
            int pkg = readTopology(sysRoot, cpu, "physical_package_id");
            byPackage.computeIfAbsent(pkg, k -> new ArrayList<>()).add(cpu);
        }
        return byPackage;
    }

    private static int readTopology(Path sysRoot, int cpu, String name) throws MeterUnavailableException {
        Path file = sysRoot.resolve("cpu" + cpu).resolve("topology").resolve(name);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new MeterUnavailableException("no CPU topology for cpu" + cpu + ": " + file + " is missing",
                    TOPOLOGY_FIX, e);
        } catch (IOException e) {
            throw new MeterUnavailableException("cannot read " + file + ": " + describe(e), TOPOLOGY_FIX, e);
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new MeterUnavailableException("unexpected content in " + file + ": '" + text + "'", TOPOLOGY_FIX,
                    e);
        }
    }

    private MsrCounters readCounters(Path root, Path sysRoot, VendorChoice choice, Optional<CpuModel> model,
                                     Map<Integer, List<Integer>> cpusByPackage, Map<Integer, MsrAccess.Device> open)
            throws MeterUnavailableException {
        Vendor vendor = choice.vendor();
        String noRaplFix = String.format(NO_RAPL_FIX_FORMAT, vendor.id());
        List<MsrPackage> packages = new ArrayList<>();
        List<Counter> counters = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (var entry : cpusByPackage.entrySet()) {
            int leader = entry.getValue().get(0);
            Path device = devicePath(root, leader);
            long unit = readRequired(root, open, leader, vendor.unitLabel(), vendor.unitAddress(), noRaplFix);
            if (unit == 0) {
                throw new MeterUnavailableException(vendor.unitLabel() + " on " + device + " reads 0", noRaplFix);
            }
            int esu = Vendor.energyStatusUnit(unit);
            Optional<Integer> fixedDram = vendor == Vendor.INTEL
                    ? model.flatMap(Vendor::fixedDramEnergyStatusUnit)
                    : Optional.empty();
            MsrPackage pkg = new MsrPackage(entry.getKey(), leader, device, esu, fixedDram.orElse(esu),
                    dramUnitSource(vendor, model, fixedDram.isPresent()),
                    maxPower(vendor, open.get(leader), unit));
            packages.add(pkg);
            for (Register register : vendor.registers()) {
                if (register.scope() == Scope.PLATFORM && packages.size() > 1) {
                    continue; // one platform counter per machine, read on the first package
                }
                if (register.equals(vendor.packageRegister())) {
                    long value = readRequired(root, open, leader, register.label(), register.address(), noRaplFix)
                            & Counter.COUNTER_MASK;
                    if (value == 0) {
                        throw new MeterUnavailableException(register.label() + " on " + device
                                + " reads 0: no package energy counter", noRaplFix);
                    }
                    counters.add(new Counter(pkg, leader, device, register, open.get(leader)));
                    continue;
                }
                List<Integer> cpus = register.scope() == Scope.CORE
                        ? coreLeaders(sysRoot, entry.getValue())
                        : List.of(leader);
                List<Counter> found = new ArrayList<>();
                for (int cpu : cpus) {
                    Optional<String> missing = readOptional(root, open, cpu, register);
                    if (missing.isPresent()) {
                        absent.add(register.label() + " on " + devicePath(root, cpu) + ": " + missing.get());
                        found.clear();
                        break;
                    }
                    found.add(new Counter(pkg, cpu, devicePath(root, cpu), register, open.get(cpu)));
                }
                counters.addAll(found);
            }
        }
        return new MsrCounters(root, choice, model, packages, counters, absent);
    }

    /** Where the DRAM counters' unit comes from, in words for the details. */
    private static String dramUnitSource(Vendor vendor, Optional<CpuModel> model, boolean fixed) {
        if (fixed) {
            CpuModel cpu = model.orElseThrow();
            return "fixed 2^-16 J on " + Vendor.FIXED_DRAM_UNIT_MODELS.get(cpu.model()) + " (" + cpu + "), whose"
                    + " MSR_DRAM_ENERGY_STATUS ignores " + vendor.unitLabel();
        }
        String unit = vendor.unitLabel() + " bits 12:8";
        if (vendor == Vendor.INTEL && model.isEmpty()) {
            return unit + "; the CPU model is unknown (no family and model in " + CpuInfo.PROC_CPUINFO + "), so"
                    + " the fixed 2^-16 J DRAM unit of Intel's server parts could not be checked";
        }
        return unit;
    }

    /**
     * The most power a package can draw: Intel's {@code MSR_PKG_POWER_INFO} maximum (bits 30:16, in
     * the unit register's power unit) when readable and not 0, else {@link MaxPower#DEFAULT_PACKAGE}.
     * A higher short-term limit (PL2, {@code MSR_PKG_POWER_LIMIT} bits 46:32) raises it, as the
     * package may draw that for seconds; the same rule as the powercap meter's. AMD has neither
     * register. A register that cannot be read only leaves the bound looser: no failure.
     */
    private static MaxPower maxPower(Vendor vendor, MsrAccess.Device device, long unit) {
        if (vendor != Vendor.INTEL) {
            return new MaxPower(MaxPower.DEFAULT_PACKAGE, "default for " + vendor.id() + " packages (no power-info"
                    + " register)");
        }
        double wattsPerCount = Vendor.powerUnitWatts(unit);
        String info = Vendor.INTEL_PKG_POWER_INFO_NAME + " (" + Register.hex(Vendor.INTEL_PKG_POWER_INFO) + ")";
        long maxCounts = optionalRead(device, Vendor.INTEL_PKG_POWER_INFO).map(Vendor::maxPowerCounts).orElse(0L);
        MaxPower max = maxCounts > 0
                ? new MaxPower(Power.ofWatts(maxCounts * wattsPerCount), info + " bits 30:16")
                : new MaxPower(MaxPower.DEFAULT_PACKAGE, "default for packages whose " + info
                        + " is unreadable or gives no maximum");
        long pl2Counts = optionalRead(device, Vendor.INTEL_PKG_POWER_LIMIT).map(Vendor::shortTermLimitCounts)
                .orElse(0L);
        if (pl2Counts * wattsPerCount > max.power().watts()) {
            max = new MaxPower(Power.ofWatts(pl2Counts * wattsPerCount), Vendor.INTEL_PKG_POWER_LIMIT_NAME + " ("
                    + Register.hex(Vendor.INTEL_PKG_POWER_LIMIT) + ") PL2 bits 46:32 (short-term limit above "
                    + max.source() + ")");
        }
        return max;
    }

    /** A register that only sharpens a bound: its value, or empty when it cannot be read. */
    private static Optional<Long> optionalRead(MsrAccess.Device device, long address) {
        try {
            return Optional.of(device.read(address));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The lowest-numbered CPU of each physical core among a package's CPUs (SMT siblings share a core). */
    private static List<Integer> coreLeaders(Path sysRoot, List<Integer> packageCpus) throws MeterUnavailableException {
        Set<Integer> seenCores = new HashSet<>();
        List<Integer> leaders = new ArrayList<>();
        for (int cpu : packageCpus) {
            if (seenCores.add(readTopology(sysRoot, cpu, "core_id"))) {
                leaders.add(cpu);
            }
        }
        return leaders;
    }

    private long readRequired(Path root, Map<Integer, MsrAccess.Device> open, int cpu, String label, long address,
                              String fix) throws MeterUnavailableException {
        MsrAccess.Device device = device(root, open, cpu);
        try {
            return device.read(address);
        } catch (IOException e) {
            if (isPermission(e)) {
                throw permission(root, "cannot read " + label + " from " + devicePath(root, cpu), e);
            }
            throw new MeterUnavailableException("cannot read " + label + " from " + devicePath(root, cpu) + ": "
                    + describe(e), fix, e);
        }
    }

    /** Empty when the register reads and is non-zero; otherwise why it counts as absent. */
    private Optional<String> readOptional(Path root, Map<Integer, MsrAccess.Device> open, int cpu,
                                          Register register) throws MeterUnavailableException {
        MsrAccess.Device device = device(root, open, cpu);
        long value;
        try {
            value = device.read(register.address()) & Counter.COUNTER_MASK;
        } catch (IOException e) {
            if (isPermission(e)) {
                throw permission(root, "cannot read " + register.label() + " from " + devicePath(root, cpu), e);
            }
            return Optional.of(describe(e));
        }
        return value == 0 ? Optional.of("reads 0") : Optional.empty();
    }

    private MsrAccess.Device device(Path root, Map<Integer, MsrAccess.Device> open, int cpu)
            throws MeterUnavailableException {
        MsrAccess.Device device = open.get(cpu);
        if (device != null) {
            return device;
        }
        Path path = devicePath(root, cpu);
        try {
            device = access.open(path);
        } catch (IOException e) {
            if (isPermission(e)) {
                throw permission(root, "cannot open " + path, e);
            }
            throw new MeterUnavailableException("cannot open " + path + ": " + describe(e), NO_DEVICES_FIX, e);
        }
        open.put(cpu, device);
        return device;
    }

    private static MeterUnavailableException permission(Path root, String what, IOException e) {
        return new MeterUnavailableException(what + ": " + describe(e), String.format(PERMISSION_FIX_FORMAT, root), e);
    }

    static Path devicePath(Path root, int cpu) {
        return root.resolve(Integer.toString(cpu)).resolve("msr");
    }

    /** Devices opened only to find a register absent (AMD core counters) are not kept. */
    private static void closeUnused(Map<Integer, MsrAccess.Device> open, MsrCounters counters)
            throws MeterUnavailableException {
        Map<Integer, MsrAccess.Device> unused = new LinkedHashMap<>(open);
        counters.counters().forEach(c -> unused.remove(c.cpu()));
        open.keySet().removeAll(unused.keySet());
        IOException failure = closeCollecting(unused);
        if (failure != null) {
            throw new MeterUnavailableException("cannot close an MSR device under " + counters.root() + ": "
                    + describe(failure), NO_DEVICES_FIX, failure);
        }
    }

    private static void closeAll(Map<Integer, MsrAccess.Device> open, Exception cause) {
        IOException failure = closeCollecting(open);
        if (failure != null) {
            cause.addSuppressed(failure);
        }
    }

    /** Closes every device; returns the first failure, with later ones suppressed into it, or null. */
    private static IOException closeCollecting(Map<Integer, MsrAccess.Device> devices) {
        IOException first = null;
        for (MsrAccess.Device device : devices.values()) {
            try {
                device.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }

    /** The msr driver refuses {@code open} with EPERM without CAP_SYS_RAWIO, EACCES without file access. */
    static boolean isPermission(IOException e) {
        return e instanceof AccessDeniedException
                || e instanceof FileSystemException fse && OPERATION_NOT_PERMITTED.equals(fse.getReason());
    }

    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (isPermission(e)) {
            return "operation not permitted (the msr driver requires CAP_SYS_RAWIO)";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof EOFException && e.getMessage() != null) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
}
