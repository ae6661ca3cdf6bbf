package org.joulebench.meters.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MicroarchitectureMatcherTest {

    private static CpuIdentity cpu(String vendor, String name, String family, String model, String uarch) {
        return new CpuIdentity(vendor, name, family, model, uarch, 8);
    }

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            Cascade Lake          | CASCADE_LAKE     | exact
            Cooper Lake           | CASCADE_LAKE     | nearest available
            Skylake (Server)      | SKYLAKE          | exact
            Skylake (Client)      | SKYLAKE          | nearest available
            Broadwell (Server)    | BROADWELL        | exact
            Haswell (Server)      | HASWELL          | exact
            Coffee Lake           | COFFEE_LAKE      | exact
            Kaby Lake             | COFFEE_LAKE      | nearest available
            Sandy Bridge (Server) | SANDY_BRIDGE     | exact
            Ivy Bridge (Server)   | IVY_BRIDGE       | exact
            Zen                   | AMD_EPYC_1ST_GEN | exact
            Zen+                  | AMD_EPYC_1ST_GEN | nearest available
            Zen / Zen+            | AMD_EPYC_1ST_GEN | nearest available
            Zen 2                 | AMD_EPYC_2ND_GEN | exact
            Zen 3                 | AMD_EPYC_3RD_GEN | exact
            Zen 4                 | AMD_EPYC_3RD_GEN | nearest available
            Zen 5                 | AMD_EPYC_3RD_GEN | nearest available
            Cortex-A72            | AWS_GRAVITON     | exact
            Neoverse-N1           | AWS_GRAVITON_2   | exact
            Neoverse-V1           | AWS_GRAVITON_2   | nearest available
            """)
    void microarchitectureNames(String uarch, CcfCpuRow row, String fit) {
        CoefficientMatch match = MicroarchitectureMatcher.match(cpu("x", "x", "", "", uarch));
        assertEquals(row, match.row());
        assertEquals(fit, match.fit());
        assertTrue(match.reason().contains(uarch), match.reason());
    }

    @Test
    void thisBuildMachineAmdEpycZen5MapsToNewestEpycRow() {
        // What OSHI reports on the machine this was written on: family 26 model 2, no model number.
        CoefficientMatch match = MicroarchitectureMatcher.match(
                cpu("AuthenticAMD", "AMD EPYC", "26", "2", "Zen 5"));
        assertEquals(CcfCpuRow.AMD_EPYC_3RD_GEN, match.row());
        assertEquals("nearest available", match.fit());
    }

    @ParameterizedTest(name = "family {0} model {1} -> {2}")
    @CsvSource({
        "23, 1, AMD_EPYC_1ST_GEN",
        "23, 49, AMD_EPYC_2ND_GEN",
        "25, 1, AMD_EPYC_3RD_GEN",
        "25, 17, AMD_EPYC_3RD_GEN",
        "26, 2, AMD_EPYC_3RD_GEN",
    })
    void amdFamilyWhenOshiHasNoName(String family, String model, CcfCpuRow row) {
        assertEquals(row, MicroarchitectureMatcher.match(cpu("AuthenticAMD", "AMD EPYC", family, model, "unknown")).row());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "AMD EPYC 7571, AMD_EPYC_1ST_GEN",
        "AMD EPYC 7R32, AMD_EPYC_2ND_GEN",
        "AMD EPYC 7R13 48-Core Processor, AMD_EPYC_3RD_GEN",
        "AMD EPYC 9654 96-Core Processor, AMD_EPYC_3RD_GEN",
        "AMD EPYC 8024P 8-Core Processor, AMD_EPYC_3RD_GEN",
    })
    void epycModelNumberWhenNothingElseIsKnown(String name, CcfCpuRow row) {
        assertEquals(row, MicroarchitectureMatcher.match(cpu("", name, "", "", "unknown")).row());
    }

    @Test
    void unknownCpuGetsTheCcfAverage() {
        CoefficientMatch match = MicroarchitectureMatcher.match(cpu("GenuineIntel", "Intel(R) Core(TM) Ultra 7 155H",
                "6", "170", "Meteor Lake"));
        assertEquals(CcfCpuRow.AVERAGE, match.row());
        assertEquals("fallback", match.fit());
        assertEquals(0.74, match.row().minPerVcpu().watts());
        assertEquals(3.5, match.row().maxPerVcpu().watts());
    }
}
