package org.joulebench.meters.msr;

import java.util.List;
import java.util.Optional;
import org.joulebench.meters.Domain;
import org.joulebench.meters.msr.Register.Scope;

/**
 * The two RAPL MSR layouts. In both, bits 12:8 of the unit register are the energy status unit
 * (one count is 1 / 2^ESU joules) and the energy counters are the low 32 bits of their registers.
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
}
