package org.joulebench.meters.msr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals(61.03515625e-6, new MsrPackage(0, 0, java.nio.file.Path.of("/dev/cpu/0/msr"), 14)
                .energyUnitJoules(), 0.0);
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
