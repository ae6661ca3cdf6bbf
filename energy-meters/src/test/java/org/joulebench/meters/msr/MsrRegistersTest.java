package org.joulebench.meters.msr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MsrRegistersTest {

    @Test
    void deltaOfARisingCounter() {
        assertEquals(300, Counter.deltaCounts(100, 400));
        assertEquals(0, Counter.deltaCounts(400, 400));
    }

    @Test
    void deltaAcrossOneWrapOfThe32BitCounter() {
        assertEquals(0x1100, Counter.deltaCounts(0xFFFF_F000L, 0x100));
        assertEquals(1, Counter.deltaCounts(0xFFFF_FFFFL, 0));
    }

    @Test
    void energyStatusUnitIsBits12To8() {
        assertEquals(14, Vendor.energyStatusUnit(0x000A_0E03L));
        assertEquals(16, Vendor.energyStatusUnit(0x000A_1003L));
        assertEquals(31, Vendor.energyStatusUnit(0xFFFF_FFFF_FFFF_FFFFL));
        assertEquals(61.03515625e-6, new MsrPackage(0, 0, java.nio.file.Path.of("/dev/cpu/0/msr"), 14, 14,
                "MSR_RAPL_POWER_UNIT (0x606) bits 12:8", new MaxPower(MaxPower.DEFAULT_PACKAGE, "default"))
                .energyUnitJoules(), 0.0);
    }

    @Test
    void powerUnitMaxPowerAndPl2Fields() {
        assertEquals(0.125, Vendor.powerUnitWatts(0x000A_0E03L), 0.0);
        assertEquals(2000, Vendor.maxPowerCounts(0x0000_0000_07D0_0000L | 0x8000_0000L | 0xFFFFL));
        assertEquals(0, Vendor.maxPowerCounts(0x0000_FFFF_0000_FFFFL));
        assertEquals(0x7FFF, Vendor.shortTermLimitCounts(0xFFFF_FFFF_FFFF_FFFFL));
        assertEquals(8000, Vendor.shortTermLimitCounts((1L << 47) | (8000L << 32) | 0xFFFF_FFFFL));
    }

    @Test
    void cpuModelFromCpuinfoSkipsModelName() {
        String xeon = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
                + "model name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\n";
        CpuInfo.CpuModel model = CpuInfo.model(xeon).orElseThrow();
        assertEquals(new CpuInfo.CpuModel("GenuineIntel", 6, 0x55), model);
        assertEquals("GenuineIntel family 6 model 0x55", model.toString());
        assertEquals(Optional.of(16), Vendor.fixedDramEnergyStatusUnit(model));
        assertEquals(Optional.empty(), CpuInfo.model("vendor_id\t: GenuineIntel\nmodel name\t: 85\ncpu family\t: 6\n"));
        for (CpuInfo.CpuModel other : List.of(new CpuInfo.CpuModel("GenuineIntel", 6, 0x8C),
                new CpuInfo.CpuModel("AuthenticAMD", 6, 0x55), new CpuInfo.CpuModel("GenuineIntel", 15, 0x55))) {
            assertEquals(Optional.empty(), Vendor.fixedDramEnergyStatusUnit(other), other.toString());
        }
    }

    @Test
    void addressesInHex() {
        assertEquals("0x611", Register.hex(0x611));
        assertEquals("0xC001029B", Register.hex(0xC001_029BL));
        assertEquals("MSR_AMD_PKG_ENERGY_STATUS (0xC001029B)", Vendor.AMD.packageRegister().label());
        assertEquals("MSR_PKG_ENERGY_STATUS (0x611)", Vendor.INTEL.packageRegister().label());
    }

    @Test
    void vendorFromCpuinfo() {
        assertEquals(Optional.of("GenuineIntel"),
                CpuInfo.vendorId("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"));
        assertEquals(Optional.empty(), CpuInfo.vendorId("processor\t: 0\nBogoMIPS\t: 50.00\n"));
        assertEquals(Optional.of(Vendor.INTEL), Vendor.ofVendorId("GenuineIntel"));
        assertEquals(Optional.of(Vendor.AMD), Vendor.ofVendorId("AuthenticAMD"));
        assertEquals(Optional.of(Vendor.AMD), Vendor.ofVendorId("HygonGenuine"));
        assertEquals(Optional.empty(), Vendor.ofVendorId("CentaurHauls"));
        assertEquals(Vendor.AMD, Vendor.ofId("amd"));
        assertThrows(IllegalArgumentException.class, () -> Vendor.ofId("arm"));
    }
}
