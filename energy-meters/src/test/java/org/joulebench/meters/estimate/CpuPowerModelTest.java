package org.joulebench.meters.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.joulebench.meters.Power;
import org.junit.jupiter.api.Test;

class CpuPowerModelTest {

    @Test
    void epycSecondGenTwoVcpus() {
        CpuPowerModel model = CpuPowerModel.of(CcfCpuRow.AMD_EPYC_2ND_GEN, 2);
        // 0.47 × 2 × 3 s + (1.69 − 0.47) × 1.5 s = 2.82 + 1.83
        assertEquals(4.65, model.energy(Duration.ofSeconds(3), Duration.ofMillis(1500)).joules(), 1e-9);
    }

    @Test
    void rejectsImpossibleInputs() {
        assertThrows(IllegalArgumentException.class, () -> CpuPowerModel.of(CcfCpuRow.AVERAGE, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new CpuPowerModel(Power.ofWatts(2), Power.ofWatts(1), 1));
    }
}
