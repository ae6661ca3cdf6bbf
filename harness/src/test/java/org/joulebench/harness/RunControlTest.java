package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Resuming checks that the machine and the model files are those the interrupted run measured. */
class RunControlTest {

    private static HostInfo host(String cpu, int cpus) {
        return new HostInfo("fixture-host", "fixture-vendor", cpu, "fixture-arch", cpus, cpus, 1L << 30, "linux",
                "6.1", "17", List.of(), "none");
    }

    private static final ModelInfo MODEL = new ModelInfo("fixture-model", "a".repeat(64), "onnx", "fp32", 1, "test");

    /** The journal lines a run on {@code host} with {@link #MODEL} wrote before it was interrupted. */
    private static List<String> journalOf(HostInfo host) throws Exception {
        List<String> lines = new ArrayList<>();
        RunControl.of(() -> false, lines::add).begin(host, List.of(MODEL));
        return lines;
    }

    @Test
    void theSameMachineAndModelsResume() throws Exception {
        List<String> lines = journalOf(host("Fixture CPU 9000", 2));
        RunControl resume = RunControl.resuming(() -> false, l -> { }, lines, "journal");
        assertDoesNotThrow(() -> resume.begin(host("Fixture CPU 9000", 2), List.of(MODEL)));
    }

    @Test
    void anotherCpuIsRefused() throws Exception {
        List<String> lines = journalOf(host("Fixture CPU 9000", 2));
        RunControl resume = RunControl.resuming(() -> false, l -> { }, lines, "journal");
        InputException e = assertThrows(InputException.class,
                () -> resume.begin(host("Fixture CPU 9000", 16), List.of(MODEL)));
        assertEquals("cannot resume: the run was measured on Fixture CPU 9000 × 2 CPUs, this is Fixture CPU 9000 × 16",
                e.getMessage());
    }

    @Test
    void anotherModelFileIsRefused() throws Exception {
        List<String> lines = journalOf(host("Fixture CPU 9000", 2));
        RunControl resume = RunControl.resuming(() -> false, l -> { }, lines, "journal");
        ModelInfo changed = new ModelInfo(MODEL.id(), "b".repeat(64), "onnx", "fp32", 1, "test");
        InputException e = assertThrows(InputException.class,
                () -> resume.begin(host("Fixture CPU 9000", 2), List.of(changed)));
        assertTrue(e.getMessage().startsWith("cannot resume: model fixture-model is another file now"), e.getMessage());
    }

    @Test
    void aLineCutShortAtTheEndIsTheQueryInFlightAndAnyOtherBrokenLineIsRefused() throws Exception {
        List<String> lines = journalOf(host("Fixture CPU 9000", 2));
        lines.add("{\"type\":\"query\",\"task\":\"t\",\"mod");
        assertEquals(0, JournalLines.read(lines, "journal").queries().size(), "the cut line is dropped");
        lines.add("{\"type\":\"idle\",\"watts\":3.0}");
        InputException e = assertThrows(InputException.class, () -> JournalLines.read(lines, "journal"));
        assertEquals("journal:2: not a journal line", e.getMessage());
    }
}
