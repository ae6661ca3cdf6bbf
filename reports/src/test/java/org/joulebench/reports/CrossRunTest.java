package org.joulebench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.joulebench.harness.HostFingerprint;
import org.junit.jupiter.api.Test;

class CrossRunTest {

    @Test
    void runsAreNamedByHostAndNumberedWhereHostsShareAName() {
        CrossRun two = CrossRunFixtures.twoHosts();
        assertEquals(List.of("fixture-host", "fixture-host-b"), two.runs().stream().map(ReportedRun::label).toList());

        CrossRun same = CrossRun.of(List.of(CrossRunFixtures.hostA(), ReportFixtures.run(), ReportFixtures.run()), null,
                null, null);
        assertEquals(List.of("fixture-host #1", "fixture-host #2", "fixture-host #3"),
                same.runs().stream().map(ReportedRun::label).toList());
    }

    @Test
    void theFingerprintLeavesTheNameOutAndSeesTheHardware() {
        CrossRun two = CrossRunFixtures.twoHosts();
        assertEquals(12, two.runs().get(0).fingerprint().length());
        assertNotEquals(two.runs().get(0).fingerprint(), two.runs().get(1).fingerprint());
        assertEquals(HostFingerprint.of(ReportFixtures.run().host()), two.runs().get(0).fingerprint(),
                "same host description, same fingerprint");
    }

    @Test
    void rowsAndTasksKeepTheirOrder() {
        CrossRun two = CrossRunFixtures.twoHosts();
        assertEquals(8, two.rows().size());
        assertEquals(List.of(ReportFixtures.RETRIEVAL, ReportFixtures.CLASSIFICATION), two.tasks());
        assertEquals(4, two.rows(ReportFixtures.RETRIEVAL).size());
    }

    @Test
    void needsARun() {
        assertThrows(IllegalArgumentException.class, () -> new CrossRun(List.of(), null, null));
    }
}
