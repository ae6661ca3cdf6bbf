package org.joulebench.meters.estimate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OshiCpuIdentityTest {

    @Test
    void identifiesThisCpuOnceAndMapsItToARow() {
        CpuIdentity cpu = OshiCpuIdentity.INSTANCE.get();
        assertTrue(cpu.logicalCpus() >= 1);
        assertSame(cpu, OshiCpuIdentity.INSTANCE.get());
        assertNotNull(MicroarchitectureMatcher.match(cpu).row());
    }
}
