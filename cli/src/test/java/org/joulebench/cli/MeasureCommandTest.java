package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasureCommandTest {

    @TempDir
    Path dir;

    @Test
    void measuresACommandOnRaplCountersWithinTwoPercentAcrossAWrap() throws Exception {
        Path root = dir.resolve("powercap");
        Path pkg = root.resolve("intel-rapl:0");
        // 10 W on a package counter that wraps every 10 s, starting 0.5 s before its wrap; 2 W of DRAM.
        try (FakeCounterFeed p = FakeCounterFeed.start(pkg, "package-0", 10, 95_000_000, 100_000_000);
             FakeCounterFeed d = FakeCounterFeed.start(pkg.resolve("intel-rapl:0:0"), "dram", 2, 0, 65_712_999_613L)) {
            CliRunner.Outcome o = CliRunner.run("measure", "--meter", "rapl", "--powercap-root", root.toString(),
                    "--json", "--", "sleep", "2");
            assertEquals(0, o.status(), o.err());
            JsonNode doc = new ObjectMapper().readTree(o.out());
            JsonNode rapl = doc.get("meters").get(0);
            double seconds = rapl.get("seconds").asDouble();
            assertTrue(seconds >= 2.0, "ran for " + seconds);
            assertEquals(12.0 * seconds, rapl.get("joules_gross").asDouble(), 0.02 * 12.0 * seconds);
            assertEquals(10.0 * seconds, rapl.get("joules_by_domain").get("CPU_PACKAGE").asDouble(), 0.02 * 10 * seconds);
            assertEquals(2.0 * seconds, rapl.get("joules_by_domain").get("DRAM").asDouble(), 0.02 * 2 * seconds);
            assertEquals("COUNTER", rapl.get("method").asText());
            // no idle baseline asked for: net is gross, labelled so, and no idle power is claimed
            assertEquals(rapl.get("joules_gross").asDouble(), rapl.get("joules_net").asDouble(), 0.0);
            assertEquals("none", rapl.get("idle_baseline").asText());
            assertTrue(rapl.get("idle_watts").isNull(), "no idle power was measured");
        }
    }

    @Test
    void exitStatusIsTheCommands() {
        CliRunner.Outcome o = CliRunner.run("measure", "--meter", "estimate", "--", "sh", "-c", "exit 3");
        assertEquals(3, o.status(), o.err());
        assertTrue(o.out().contains("ESTIMATE"), o.out());
    }

    @Test
    void netEnergySubtractsTheIdleBaseline() throws Exception {
        CliRunner.Outcome o = CliRunner.run("measure", "--meter", "estimate", "--idle-seconds", "0.2", "--json",
                "--", "true");
        assertEquals(0, o.status(), o.err());
        JsonNode m = new ObjectMapper().readTree(o.out()).get("meters").get(0);
        double expected = m.get("joules_gross").asDouble() - m.get("idle_watts").asDouble() * m.get("seconds").asDouble();
        assertEquals(expected, m.get("joules_net").asDouble(), 1e-9);
    }

    @Test
    void aCommandThatCannotStartGets127() {
        CliRunner.Outcome o = CliRunner.run("measure", "--meter", "estimate", "--", "/nonexistent/command");
        assertEquals(MeasureCommand.COMMAND_NOT_FOUND, o.status());
        assertTrue(o.err().contains("cannot run '/nonexistent/command'"), o.err());
    }

    @Test
    void anUnavailableMeterIsBadInput() {
        CliRunner.Outcome o = CliRunner.run("measure", "--meter", "rapl", "--powercap-root",
                dir.resolve("none").toString(), "--", "true");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("no powercap folder"), o.err());
    }
}
