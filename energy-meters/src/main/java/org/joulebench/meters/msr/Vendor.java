package org.joulebench.meters.msr;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.joulebench.meters.Domain;
import org.joulebench.meters.msr.CpuInfo.CpuModel;
import org.joulebench.meters.msr.Register.Scope;

/**
 * The two RAPL MSR layouts. In both, bits 12:8 of the unit register are the energy status unit
 * (one count is 1 / 2^ESU joules), bits 3:0 the power unit (1 / 2^PU watts), and the energy
 * counters are the low 32 bits of their registers. Intel's server parts count DRAM energy in a
 * fixed unit instead ({@link #fixedDramEnergyStatusUnit}).
 */
enum Vendor {

    /** Intel SDM vol. 4: package, DRAM, PP0 (cores), PP1 (uncore/graphics), PSys (platform). */
    INTEL("intel", "MSR_RAPL_POWER_UNIT", 0x606L, List.of(
            new Register("MSR_PKG_ENERGY_STATUS", 0x611L, Domain.CPU_PACKAGE, Scope.PACKAGE),
            new Register("MSR_DRAM_ENERGY_STATUS", 0x619L, Domain.DRAM, Scope.PACKAGE),
            new Register("MSR_PP0_ENERGY_STATUS", 0x639L, Domain.CPU_CORE, Scope.PACKAGE),
            new Register("MSR_PP1_ENERGY_STATUS", 0x641L, Domain.CPU_UNCORE, Scope.PACKAGE),
            new Register("MSR_PLATFORM_ENERGY_STATUS", 0x64DL, Domain.PSYS, Scope.PLATFORM))),

    /** AMD family 17h and later (and Hygon): package per socket, core energy per physical core. */
    AMD("amd", "MSR_AMD_RAPL_POWER_UNIT", 0xC0010299L, List.of(
            new Register("MSR_AMD_PKG_ENERGY_STATUS", 0xC001029BL, Domain.CPU_PACKAGE, Scope.PACKAGE),
            new Register("MSR_AMD_CORE_ENERGY_STATUS", 0xC001029AL, Domain.CPU_CORE, Scope.CORE)));

    /** Intel's package power limits: PL1 in bits 14:0, PL2 in bits 46:32, in power units. */
    static final long INTEL_PKG_POWER_LIMIT = 0x610L;
    static final String INTEL_PKG_POWER_LIMIT_NAME = "MSR_PKG_POWER_LIMIT";
    /** Intel's package power range: the maximum power in bits 30:16, in power units (0: not given). */
    static final long INTEL_PKG_POWER_INFO = 0x614L;
    static final String INTEL_PKG_POWER_INFO_NAME = "MSR_PKG_POWER_INFO";

    /** The DRAM unit of Intel's server parts: 2^-16 J (15.3 µJ). */
    static final int FIXED_DRAM_ESU = 16;

    /**
     * Family 6 models whose DRAM energy counts in 2^-16 J whatever the unit register says (Intel
     * SDM vol. 4 gives their MSR_DRAM_ENERGY_STATUS "in 15.3 micro-joules"; Linux's RAPL drivers
     * apply the same rule). Their unit register usually says 2^-14 J, which would read DRAM energy
     * 4× too high.
     */
    static final Map<Integer, String> FIXED_DRAM_UNIT_MODELS = Map.ofEntries(
            Map.entry(0x3F, "Haswell-EP/EX"),
            Map.entry(0x4F, "Broadwell-EP/EX"),
            Map.entry(0x56, "Broadwell-DE"),
            Map.entry(0x55, "Skylake-SP / Cascade Lake / Cooper Lake"),
            Map.entry(0x6A, "Ice Lake-SP"),
            Map.entry(0x6C, "Ice Lake-D"),
            Map.entry(0x8F, "Sapphire Rapids"),
            Map.entry(0xCF, "Emerald Rapids"),
            Map.entry(0xAD, "Granite Rapids"),
            Map.entry(0xAE, "Granite Rapids-D"),
            Map.entry(0x57, "Xeon Phi Knights Landing"),
            Map.entry(0x85, "Xeon Phi Knights Mill"));

    private final String id;
    private final String unitName;
    private final long unitAddress;
    private final List<Register> registers;

    Vendor(String id, String unitName, long unitAddress, List<Register> registers) {
        this.id = id;
        this.unitName = unitName;
        this.unitAddress = unitAddress;
        this.registers = registers;
    }

    /** {@code intel} or {@code amd}, as {@code --cpu-vendor} spells it. */
    String id() {
        return id;
    }

    long unitAddress() {
        return unitAddress;
    }

    String unitLabel() {
        return unitName + " (" + Register.hex(unitAddress) + ")";
    }

    /** The energy registers, the package register first. */
    List<Register> registers() {
        return registers;
    }

    Register packageRegister() {
        return registers.get(0);
    }

    static Vendor ofId(String id) {
        for (Vendor v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("cpu vendor must be 'intel' or 'amd', was '" + id + "'");
    }

    /** The layout for a {@code vendor_id} of {@code /proc/cpuinfo}; Hygon's Zen-based CPUs use AMD's. */
    static Optional<Vendor> ofVendorId(String vendorId) {
        return switch (vendorId) {
            case "GenuineIntel" -> Optional.of(INTEL);
            case "AuthenticAMD", "HygonGenuine" -> Optional.of(AMD);
            default -> Optional.empty();
        };
    }

    /** Joules per count for a unit register's value: 1 / 2^ESU, ESU in bits 12:8. */
    static int energyStatusUnit(long unitRegister) {
        return (int) ((unitRegister >>> 8) & 0x1F);
    }

    /** Watts per power count for a unit register's value: 1 / 2^PU, PU in bits 3:0. */
    static double powerUnitWatts(long unitRegister) {
        return Math.scalb(1.0, -(int) (unitRegister & 0xF));
    }

    /** The maximum power field of {@code MSR_PKG_POWER_INFO}, bits 30:16, in power counts; 0 when not given. */
    static long maxPowerCounts(long powerInfo) {
        return (powerInfo >>> 16) & 0x7FFF;
    }

    /** The short-term limit (PL2) field of {@code MSR_PKG_POWER_LIMIT}, bits 46:32, in power counts. */
    static long shortTermLimitCounts(long powerLimit) {
        return (powerLimit >>> 32) & 0x7FFF;
    }

    /**
     * The energy status unit of the DRAM counters of {@code cpu} when it is one of Intel's server
     * parts that ignore the unit register for DRAM ({@link #FIXED_DRAM_UNIT_MODELS}); empty for
     * every other CPU, whose DRAM counts in the unit register's unit.
     */
    static Optional<Integer> fixedDramEnergyStatusUnit(CpuModel cpu) {
        boolean fixed = cpu.vendorId().equals("GenuineIntel") && cpu.family() == 6
                && FIXED_DRAM_UNIT_MODELS.containsKey(cpu.model());
        return fixed ? Optional.of(FIXED_DRAM_ESU) : Optional.empty();
    }
}
