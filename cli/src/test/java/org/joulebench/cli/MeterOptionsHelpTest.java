package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.Meters;
import org.junit.jupiter.api.Test;

/** The command line's meter options go through the shared parser, and {@code run --meter} lists the real meters. */
class MeterOptionsHelpTest {

    @Test
    void runsMeterLabelListsEveryMeter() {
        CliRunner.Outcome o = CliRunner.run("run", "--help");
        assertEquals(0, o.status(), o.err());
        String line = o.out().lines().filter(l -> l.contains("--meter")).findFirst().orElseThrow();
        assertTrue(line.contains("--meter=" + Meters.AUTO), line);
        for (MeterProvider p : Meters.providers()) {
            assertTrue(line.contains("|" + p.id()), p.id() + " missing from: " + line);
        }
    }

    @Test
    void aBadRateIsOneLineBeforeAnythingIsMeasured() {
        CliRunner.Outcome o = CliRunner.run("meters", "--sample-hz", "fast");
        assertEquals(2, o.status(), o.out() + o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("--sample-hz must be a number, was 'fast'"), o.err());
    }
}
